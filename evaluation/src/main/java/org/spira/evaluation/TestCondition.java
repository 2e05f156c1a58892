package org.spira.evaluation;

/**
 * The two test conditions of SPIRA.md section 7. Their names prefix every logged metric
 * ({@code clean.recording.accuracy}) and name the report artifacts.
 */
public enum TestCondition {
    /** The test recordings as recorded: variant 0 of the features table. */
    CLEAN("clean"),
    /** Controls with ward noise added, patients clean: the environment-shortcut check. */
    NOISY_CONTROLS("noisy_controls");

    private final String key;

    TestCondition(String key) {
        this.key = key;
    }

    /** The stable name used in metric names, tags and file names. */
    public String key() {
        return key;
    }
}
