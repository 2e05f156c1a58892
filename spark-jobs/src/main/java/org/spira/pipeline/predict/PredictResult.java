package org.spira.pipeline.predict;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.spira.pipeline.StageResult;
import org.spira.pipeline.TableVersions;

/**
 * What one {@code spira-predict} run did: files named = scored + rejected, and the rejects by
 * reason. Printed on stderr, and carried by the failed gate when some file was rejected (exit 3).
 *
 * @param files files named on the command line
 * @param scored files that got a probability
 * @param rejectedByReason rejected files per reason code
 */
@JsonPropertyOrder({"files", "scored", "rejected", "rejected_by_reason"})
public record PredictResult(
        @JsonProperty("files") long files,
        @JsonProperty("scored") long scored,
        @JsonProperty("rejected_by_reason") Map<String, Long> rejectedByReason)
        implements StageResult {
    public PredictResult {
        rejectedByReason = Map.copyOf(new TreeMap<>(rejectedByReason));
    }

    /** None: spira-predict reads local files and a model, no table. */
    @Override
    public TableVersions tableVersions() {
        return TableVersions.NONE;
    }

    public static PredictResult of(List<FilePrediction> predictions) {
        Map<String, Long> reasons = new TreeMap<>();
        predictions.stream()
                .filter(p -> !p.scored())
                .forEach(p -> reasons.merge(p.outcome().rejectReason(), 1L, Long::sum));
        return new PredictResult(
                predictions.size(),
                predictions.stream().filter(FilePrediction::scored).count(),
                reasons);
    }

    @JsonProperty("rejected")
    public long rejected() {
        return files - scored;
    }

    /** One line for people, e.g. {@code 9 of 10 files scored, 1 rejected {too_short=1}}. */
    public String line() {
        return scored + " of " + files + " files scored, " + rejected() + " rejected"
                + (rejectedByReason.isEmpty() ? "" : " " + new TreeMap<>(rejectedByReason));
    }
}
