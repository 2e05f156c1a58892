package org.spira.evaluation;

/** The unit a set of metrics counts: one window, or one recording (its windows' mean). */
public enum Level {
    WINDOW(
            "window",
            "Per-window intervals treat every window as independent, but the windows of one recording"
                    + " overlap and share a speaker: these intervals are too narrow. Trust the per-recording"
                    + " intervals."),
    RECORDING(
            "recording",
            "Per-recording intervals treat recordings as independent: these are the intervals to trust,"
                    + " as long as each speaker contributes one recording (several recordings of one speaker"
                    + " are correlated and would narrow them too).");

    private final String key;
    private final String intervalNote;

    Level(String key, String intervalNote) {
        this.key = key;
        this.intervalNote = intervalNote;
    }

    /** The stable name used in JSON and Markdown ("window", "recording"). */
    public String key() {
        return key;
    }

    /** What the intervals at this level assume, and how far to trust them. */
    public String intervalNote() {
        return intervalNote;
    }
}
