package org.spira.pipeline.tracking;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * The tracking server's refusal of a request: its HTTP status, MLflow's error code (e.g. {@code
 * RESOURCE_ALREADY_EXISTS}; empty when the answer was not MLflow's JSON error) and message. Some
 * refusals are answers a caller expects (a model that exists already, an alias that is not set);
 * see {@link MlflowApi#callUnless}.
 */
record Refusal(int status, String code, String message) {
    static final String ALREADY_EXISTS = "RESOURCE_ALREADY_EXISTS";
    static final String DOES_NOT_EXIST = "RESOURCE_DOES_NOT_EXIST";
    static final String INVALID_PARAMETER = "INVALID_PARAMETER_VALUE";

    /** The refusal an answer with {@code status} and {@code body} (MLflow's JSON error, or any text) holds. */
    static Refusal of(int status, String body) {
        String text = body == null ? "" : body.strip();
        JsonNode error;
        try {
            error = MlflowApi.JSON.readTree(text);
        } catch (JsonProcessingException notJson) {
            // an HTML error page from a proxy in front of the server: keep it as text
            return new Refusal(status, "", text);
        }
        return new Refusal(
                status,
                error.path("error_code").asText(""),
                error.path("message").asText(text));
    }

    boolean is(String errorCode) {
        return code.equals(errorCode);
    }
}
