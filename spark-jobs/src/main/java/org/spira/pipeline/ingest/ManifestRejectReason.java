package org.spira.pipeline.ingest;

/**
 * Why a manifest row was rejected before its audio could be judged. Codes are stable and
 * distinct from the audio codes of {@code org.spira.features.RejectReason}, with which they
 * share the {@code rejected} table's {@code reason} column.
 */
public enum ManifestRejectReason {
    /** The path column is empty. */
    MISSING_PATH("missing_path"),
    /** The subject_id column is empty. */
    MISSING_SUBJECT("missing_subject"),
    /** The label is none of the configured control or patient values. */
    BAD_LABEL("bad_label");

    private final String code;

    ManifestRejectReason(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }
}
