package org.spira.evaluation;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What evaluation slices a recording by. Every attribute may be missing; a missing one puts
 * the recording in the {@value AgeBands#UNKNOWN} slice of that dimension.
 *
 * @param recordingId the recording's id, as in {@link WindowPrediction#recordingId()}
 * @param sex the speaker's sex as recorded in the metadata, lower-cased (e.g. "female")
 * @param ageYears the speaker's age in whole years, in [0, {@value AgeBands#MAX_AGE}]
 * @param source the collection the recording came from (e.g. a hospital or a public corpus)
 */
public record RecordingAttributes(
        String recordingId, Optional<String> sex, OptionalInt ageYears, Optional<String> source) {

    public RecordingAttributes {
        Objects.requireNonNull(recordingId, "RecordingAttributes.recordingId must not be null");
        sex = normalised(sex).map(s -> s.toLowerCase(Locale.ROOT));
        source = normalised(source);
        Objects.requireNonNull(ageYears, "RecordingAttributes.ageYears must not be null; use OptionalInt.empty()");
        if (ageYears.isPresent() && (ageYears.getAsInt() < 0 || ageYears.getAsInt() > AgeBands.MAX_AGE)) {
            throw new IllegalArgumentException("RecordingAttributes.ageYears = " + ageYears.getAsInt()
                    + " is invalid: must be in [0, " + AgeBands.MAX_AGE + "] years, or missing");
        }
    }

    /** Attributes from nullable values, as they come out of a table row; blanks count as missing. */
    public static RecordingAttributes of(String recordingId, String sex, Integer ageYears, String source) {
        return new RecordingAttributes(
                recordingId,
                Optional.ofNullable(sex),
                ageYears == null ? OptionalInt.empty() : OptionalInt.of(ageYears),
                Optional.ofNullable(source));
    }

    /** A recording about which nothing is known. */
    static RecordingAttributes unknown(String recordingId) {
        return of(recordingId, null, null, null);
    }

    private static Optional<String> normalised(Optional<String> value) {
        Objects.requireNonNull(value, "RecordingAttributes: use Optional.empty() for a missing attribute");
        return value.map(String::strip).filter(s -> !s.isEmpty());
    }
}
