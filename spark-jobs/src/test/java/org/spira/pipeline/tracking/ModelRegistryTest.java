package org.spira.pipeline.tracking;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The model registry on the real MLflow server, read back through plain REST. */
class ModelRegistryTest {
    private static MlflowServerFixture server;
    private static Tracker tracker;

    @BeforeAll
    static void connect() {
        server = MlflowServerFixture.require("model-registry-test");
        tracker = server.tracker();
    }

    @AfterAll
    static void close() {
        if (tracker != null) {
            tracker.close();
        }
    }

    @Test
    void versionsCarryTheirRunSourceAndTagsAndAnAliasMovesBetweenThem(@TempDir Path dir) throws Exception {
        ModelRegistry registry = tracker.registry();
        registry.ensureExists();
        registry.ensureExists(); // idempotent
        ModelVersion first = trainAndRegister(registry, dir, "first", "0.71");
        ModelVersion second = trainAndRegister(registry, dir, "second", "0.84");
        assertEquals(first.version() + 1, second.version());

        JsonNode stored = version(second.version());
        assertEquals(second.runId(), stored.path("run_id").asText());
        assertEquals(
                server.run(second.runId()).path("info").path("artifact_uri").asText() + "/model",
                stored.path("source").asText());
        assertEquals("READY", stored.path("status").asText());
        assertEquals(Map.of("val_auc", "0.84", "feature_version", "abc123"), tags(stored));

        registry.setAlias("champion", first.version());
        ModelVersion champion = registry.byAlias("champion").orElseThrow();
        assertEquals(first.version(), champion.version());
        assertEquals(List.of("champion"), champion.aliases());
        assertEquals(first.runId(), champion.runId());
        registry.setAlias("champion", second.version());
        JsonNode byAlias = server.rest("registered-models/alias", Map.of("name", registry.name(), "alias", "champion"))
                .path("model_version");
        assertEquals(second.version(), byAlias.path("version").asLong());
        assertEquals(List.of(), aliases(version(first.version())));
        assertEquals(List.of("champion"), aliases(version(second.version())));

        registry.setTag(second.version(), "promoted_by", "evaluate");
        assertEquals("evaluate", tags(version(second.version())).get("promoted_by"));
        assertEquals("evaluate", registry.version(second.version()).tags().get("promoted_by"));

        registry.deleteAlias("champion");
        assertEquals(Optional.empty(), registry.byAlias("champion"));
        assertEquals(second.version(), registry.version(second.version()).version()); // the version stays
    }

    @Test
    void aRegisteredVersionDownloadsAsUploaded(@TempDir Path dir) throws Exception {
        ModelRegistry registry = tracker.registry();
        ModelVersion version = trainAndRegister(registry, dir, "download", "0.9");
        registry.setAlias("candidate", version.version());

        ModelVersion found = registry.byAlias("candidate").orElseThrow();
        Path back = registry.download(found, dir.resolve("loaded"));
        Path uploaded = dir.resolve("download");
        for (String file : List.of("weights.bin", "meta/spec.json")) {
            assertArrayEquals(Files.readAllBytes(uploaded.resolve(file)), Files.readAllBytes(back.resolve(file)), file);
        }
    }

    @Test
    void anUnsetAliasIsEmptyNotAnError() {
        ModelRegistry registry = tracker.registry();
        registry.ensureExists();
        assertEquals(Optional.empty(), registry.byAlias("never-set"));
    }

    /** A run that uploads a small model folder and registers it with tags. */
    private static ModelVersion trainAndRegister(ModelRegistry registry, Path dir, String name, String auc)
            throws Exception {
        Path model = Files.createDirectories(dir.resolve(name).resolve("meta"));
        Files.write(model.getParent().resolve("weights.bin"), (name + " weights").getBytes(StandardCharsets.UTF_8));
        Files.writeString(model.resolve("spec.json"), "{\"run\": \"" + name + "\"}");
        return tracker.run(RunSpec.named(name), run -> {
            run.uploadArtifacts(model.getParent(), "model");
            ModelVersion version = registry.register(run, "model", Map.of("val_auc", auc, "feature_version", "abc123"));
            assertTrue(version.version() >= 1);
            return version;
        });
    }

    private static JsonNode version(long version) throws Exception {
        return server.rest(
                        "model-versions/get",
                        Map.of("name", server.config.registeredModel(), "version", Long.toString(version)))
                .path("model_version");
    }

    private static Map<String, String> tags(JsonNode version) {
        Map<String, String> tags = new TreeMap<>();
        version.path("tags")
                .forEach(t -> tags.put(t.path("key").asText(), t.path("value").asText()));
        return tags;
    }

    private static List<String> aliases(JsonNode version) {
        return java.util.stream.StreamSupport.stream(version.path("aliases").spliterator(), false)
                .map(JsonNode::asText)
                .toList();
    }
}
