package org.spira.features;

/**
 * Why a recording cannot be featurized. The {@link #code()} strings are stable: they are
 * stored in the {@code rejected} table and printed by the command-line featurizer, so
 * analysts and schedulers can count and filter on them. Never rename a code; add new ones.
 */
public enum RejectReason {
    /** Zero bytes. */
    EMPTY("empty"),
    /** Bytes that are not any supported container (WAV, FLAC, Ogg). */
    NOT_AUDIO("not_audio"),
    /** A recognised container whose header or chunk structure is invalid or inconsistent. */
    MALFORMED_HEADER("malformed_header"),
    /** The file ends before the data its header declares, or before any sample. */
    TRUNCATED("truncated"),
    /** A declared size that no real recording can have (for example gigabytes of samples). */
    ABSURD_SIZE("absurd_size"),
    /** A recognised container with a codec or sample format this project does not decode. */
    UNSUPPORTED_CODEC("unsupported_codec"),
    /** Sample rate of zero, or outside the range a speech recording can have. */
    BAD_SAMPLE_RATE("bad_sample_rate"),
    /** Zero channels, or more than the decoder supports. */
    BAD_CHANNELS("bad_channels"),
    /** NaN or infinite floating-point samples. */
    NON_FINITE_SAMPLES("non_finite_samples"),
    /** All samples (after down-mixing and resampling) are digital silence. */
    SILENT("silent"),
    /** Shorter than one analysis window at the feature sample rate. */
    TOO_SHORT("too_short"),
    /** The input could not be read at all (missing file, permission, I/O error). */
    UNREADABLE("unreadable");

    private final String code;

    RejectReason(String code) {
        this.code = code;
    }

    /** Stable lower-case code, for tables and logs. */
    public String code() {
        return code;
    }
}
