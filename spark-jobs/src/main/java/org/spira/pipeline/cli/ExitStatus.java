package org.spira.pipeline.cli;

import org.spira.pipeline.QualityGateException;
import org.spira.pipeline.config.ConfigException;
import org.spira.pipeline.lease.LeaseHeldException;

/**
 * How a stage ended, as its exit status and the {@code status} of its JSON summary. {@link
 * #of(RuntimeException)} is the one mapping from the {@link org.spira.pipeline.PipelineException}
 * kinds to exit codes.
 */
enum ExitStatus {
    OK(0, "ok"),
    FAILED(1, "failed"),
    CONFIG_ERROR(2, "config_error"),
    QUALITY_GATE_FAILED(3, "quality_gate_failed"),
    BUSY(4, "busy");

    private final int code;
    private final String word;

    ExitStatus(int code, String word) {
        this.code = code;
        this.word = word;
    }

    /** The status a stage that failed with {@code failure} exits with. */
    static ExitStatus of(RuntimeException failure) {
        if (failure instanceof ConfigException) {
            return CONFIG_ERROR;
        }
        if (failure instanceof QualityGateException) {
            return QUALITY_GATE_FAILED;
        }
        if (failure instanceof LeaseHeldException) {
            return BUSY;
        }
        return FAILED;
    }

    /** The process exit code. */
    int code() {
        return code;
    }

    /** The summary's {@code status}, e.g. {@code config_error}. */
    String word() {
        return word;
    }
}
