package org.spira.pipeline.cli;

import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.spira.pipeline.StageResult;

/**
 * The one-line JSON summary a stage prints last on stdout, for schedulers and logs: {@code
 * stage}, {@code status} and {@code exit_code}, then the fields of the stage's {@link
 * StageResult} (only its members annotated {@code @JsonProperty}) and {@code duration_s}, in
 * seconds; a stage that failed without a result reports its {@code error} message instead.
 */
final class StageSummary {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .visibility(PropertyAccessor.ALL, Visibility.NONE)
            .build();

    private StageSummary() {}

    /** The summary of a stage that wrote {@code result}. */
    static String of(String stage, ExitStatus status, StageResult result, double seconds) {
        ObjectNode summary = head(stage, status);
        summary.setAll((ObjectNode) JSON.valueToTree(result));
        summary.put("duration_s", seconds);
        return summary.toString();
    }

    /** The summary of a stage that failed, with the failure's message. */
    static String failed(String stage, ExitStatus status, String error) {
        return head(stage, status).put("error", error).toString();
    }

    private static ObjectNode head(String stage, ExitStatus status) {
        return JSON.createObjectNode()
                .put("stage", stage)
                .put("status", status.word())
                .put("exit_code", status.code());
    }
}
