package org.spira.pipeline.tracking;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.spira.pipeline.tracking.RedactionPolicy.Kind;

/**
 * One registered model in MLflow's model registry, over its REST API: versions made from a
 * run's artifacts, their tags, and aliases (such as {@code champion}) that point at a version.
 * Tag values pass through the {@link RedactionPolicy}.
 */
public final class ModelRegistry {
    private final MlflowApi api;
    private final RedactionPolicy policy;
    private final String name;

    ModelRegistry(MlflowApi api, RedactionPolicy policy, String name) {
        this.api = api;
        this.policy = policy;
        this.name = name;
    }

    public String name() {
        return name;
    }

    /** Creates the registered model unless it exists already. */
    public void ensureExists() {
        api.postUnless("registered-models/create", request(), refusal -> refusal.is(Refusal.ALREADY_EXISTS));
    }

    /**
     * Registers a new version whose files are the run's artifacts under {@code artifactPath}
     * (uploaded before), creating the registered model when missing.
     */
    public ModelVersion register(TrackedRun run, String artifactPath, Map<String, String> tags) {
        ensureExists();
        ObjectNode request = request();
        request.put("source", run.artifactUri() + "/" + ArtifactProxy.checkPath(artifactPath));
        request.put("run_id", run.id());
        ArrayNode tagList = request.putArray("tags");
        tags.forEach((key, value) -> {
            ObjectNode tag = tagList.addObject();
            tag.put("key", key);
            tag.put("value", policy.value(Kind.MODEL_VERSION_TAG, key, value));
        });
        return ModelVersion.fromJson(api.post("model-versions/create", request).path("model_version"));
    }

    /** The version, as the registry has it now. */
    public ModelVersion version(long version) {
        return ModelVersion.fromJson(
                api.get("model-versions/get", Map.of("name", name, "version", Long.toString(version)))
                        .path("model_version"));
    }

    /** The highest version number of the registered model; empty when it has none (or does not exist). */
    public Optional<ModelVersion> latest() {
        // TrackingConfig admits no quote in registered model names, so the filter needs no escaping
        JsonNode found = api.get(
                "model-versions/search",
                Map.of(
                        "filter", "name='" + name + "'",
                        "order_by", "version_number DESC",
                        "max_results", "1"));
        JsonNode first = found.path("model_versions").path(0);
        return first.isMissingNode() ? Optional.empty() : Optional.of(ModelVersion.fromJson(first));
    }

    /** Every version of the registered model, lowest first; none when it has none (or does not exist). */
    public List<ModelVersion> versions() {
        List<ModelVersion> versions = new ArrayList<>();
        String page = "";
        do {
            Map<String, String> query = new LinkedHashMap<>();
            query.put("filter", "name='" + name + "'");
            query.put("order_by", "version_number ASC");
            query.put("max_results", "1000");
            if (!page.isEmpty()) {
                query.put("page_token", page);
            }
            JsonNode found = api.get("model-versions/search", query);
            found.path("model_versions").forEach(version -> versions.add(ModelVersion.fromJson(version)));
            page = found.path("next_page_token").asText("");
        } while (!page.isEmpty());
        return versions;
    }

    /** Sets one tag of a version. */
    public void setTag(long version, String key, String value) {
        ObjectNode request = versionRequest(version);
        request.put("key", key);
        request.put("value", policy.value(Kind.MODEL_VERSION_TAG, key, value));
        api.post("model-versions/set-tag", request);
    }

    /** Points {@code alias} at {@code version}, moving it from the version it pointed at. */
    public void setAlias(String alias, long version) {
        ObjectNode request = versionRequest(version);
        request.put("alias", alias);
        api.post("registered-models/alias", request);
    }

    /** The version {@code alias} points at; empty when the alias is not set. */
    public Optional<ModelVersion> byAlias(String alias) {
        // MLflow 2.17 answers an unset alias with INVALID_PARAMETER_VALUE "... alias X not found",
        // a missing registered model with RESOURCE_DOES_NOT_EXIST
        return api.getUnless(
                        "registered-models/alias",
                        Map.of("name", name, "alias", alias),
                        refusal -> refusal.is(Refusal.DOES_NOT_EXIST)
                                || (refusal.is(Refusal.INVALID_PARAMETER)
                                        && refusal.message().endsWith("alias " + alias + " not found.")))
                .map(answer -> ModelVersion.fromJson(answer.path("model_version")));
    }

    /** Removes {@code alias}; the version it pointed at stays. */
    public void deleteAlias(String alias) {
        ObjectNode request = request();
        request.put("alias", alias);
        api.delete("registered-models/alias", request);
    }

    /**
     * Downloads a version's files (its source folder) into {@code target}, for loading the model
     * back.
     */
    public Path download(ModelVersion version, Path target) {
        return new ArtifactProxy(api, ArtifactProxy.rootOf(version.source())).download("", target);
    }

    private ObjectNode request() {
        ObjectNode request = MlflowApi.JSON.createObjectNode();
        request.put("name", name);
        return request;
    }

    private ObjectNode versionRequest(long version) {
        ObjectNode request = request();
        request.put("version", Long.toString(version));
        return request;
    }
}
