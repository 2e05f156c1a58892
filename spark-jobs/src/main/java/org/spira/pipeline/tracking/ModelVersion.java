package org.spira.pipeline.tracking;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A registered model version as the registry reports it.
 *
 * @param model registered model name
 * @param version version number (1, 2, ...)
 * @param source where its files are ({@code mlflow-artifacts:/<exp>/<run>/artifacts/<path>})
 * @param runId the run that produced it
 * @param status MLflow's status ({@code READY} once registered)
 * @param tags version tags
 * @param aliases aliases pointing at this version
 */
public record ModelVersion(
        String model,
        long version,
        String source,
        String runId,
        String status,
        Map<String, String> tags,
        List<String> aliases) {
    public ModelVersion {
        tags = Map.copyOf(tags);
        aliases = List.copyOf(aliases);
    }

    /** From the {@code model_version} object of the registry's REST answers. */
    static ModelVersion fromJson(JsonNode json) {
        Map<String, String> tags = new TreeMap<>();
        json.path("tags")
                .forEach(t -> tags.put(t.path("key").asText(), t.path("value").asText()));
        List<String> aliases = new ArrayList<>();
        json.path("aliases").forEach(a -> aliases.add(a.asText()));
        return new ModelVersion(
                json.path("name").asText(),
                json.path("version").asLong(),
                json.path("source").asText(),
                json.path("run_id").asText(),
                json.path("status").asText(),
                tags,
                aliases);
    }
}
