package org.spira.pipeline.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.openlineage.spark.agent.OpenLineageSparkListener;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spira.pipeline.DeltaSparkTestBase;
import org.spira.pipeline.config.ConfigException;
import org.spira.pipeline.config.LineageEventsConfig;
import org.spira.pipeline.config.PipelineConfig;
import org.spira.pipeline.split.SplitResult;
import org.spira.pipeline.tables.DeltaStore;
import org.spira.pipeline.tables.TableContract;

/**
 * A stage run's lineage events with the real OpenLineage Spark listener, configured by {@link
 * StageEvents#sparkProperties}, on the shared local session: the stage's own START and COMPLETE
 * (tables at their versions, the MLflow run), the Spark integration's events under it, and no
 * literal value of a query's plan in any event, which the integration's plan facet, enabled in a
 * control listener, does serialize.
 */
class StageEventsTest extends DeltaSparkTestBase {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A clear subject id, as a manifest holds it: a literal in the plans below. */
    private static final String SUBJECT_ID = "coswara_Zq8LiteralInAPlan";

    private static final String TABLE = "splits";

    @TempDir
    Path dir;

    private LineageEventsConfig config(String folder) {
        return PipelineConfig.load(Optional.empty(), List.of("spira.lineage-events.folder=\"" + folder + "\""))
                .lineageEvents();
    }

    @Test
    void aStageRunsEventsNameItsTablesAtTheirVersionsAndTheSparkEventsUnderItWithoutLiterals() throws Exception {
        String warehouse = dir.resolve("warehouse").toUri().toString();
        StageEvents events = StageEvents.start(config(dir.resolve("events").toString()), "split", warehouse, Map.of());
        Path file = events.file().orElseThrow();
        Path control = dir.resolve("control.ndjson");
        OpenLineageSparkListener listener = listener(events.sparkProperties(), Map.of());
        OpenLineageSparkListener withPlans = listener(
                events.sparkProperties(),
                Map.of(
                        "spark.openlineage.transport.location",
                        control.toString(),
                        "spark.openlineage.facets.spark.logicalPlan.disabled",
                        "false"));
        DeltaStore store = new DeltaStore(spark(), warehouse);
        long version;
        try {
            spark().sparkContext().addSparkListener(listener);
            spark().sparkContext().addSparkListener(withPlans);
            version = writeWithALiteral(store);
            awaitSparkOutput(file, store.path(TABLE));
            awaitLiteralAndTheSameEvents(control, file);
        } finally {
            spark().sparkContext().removeSparkListener(listener);
            spark().sparkContext().removeSparkListener(withPlans);
        }
        SplitResult result = new SplitResult("split-run", 1, 1, Map.of(), Map.of(), 7, version);
        MlflowRun mlflow = new MlflowRun("abc123", "nightly", URI.create("http://127.0.0.1:5000"));
        events.completed(result, Optional.of(mlflow));

        List<JsonNode> all = read(file);
        List<JsonNode> own = all.stream()
                .filter(e -> e.path("run")
                        .path("runId")
                        .asText()
                        .equals(events.runId().toString()))
                .toList();
        assertEquals(
                List.of("START", "COMPLETE"),
                own.stream().map(e -> e.path("eventType").asText()).toList());
        JsonNode complete = own.get(1);
        assertEquals("spira", complete.path("job").path("namespace").asText());
        assertEquals("split", complete.path("job").path("name").asText());
        assertEquals(
                "7",
                complete.path("inputs")
                        .path(0)
                        .path("facets")
                        .path("version")
                        .path("datasetVersion")
                        .asText());
        JsonNode output = complete.path("outputs").path(0);
        assertEquals(
                Long.toString(version),
                output.path("facets").path("version").path("datasetVersion").asText());
        JsonNode facet = complete.path("run").path("facets").path("mlflow");
        assertEquals("abc123", facet.path("runId").asText());
        assertEquals("nightly", facet.path("experimentName").asText());
        assertEquals("http://127.0.0.1:5000", facet.path("trackingUri").asText());

        List<JsonNode> spark = all.stream().filter(e -> !own.contains(e)).toList();
        assertFalse(spark.isEmpty(), "the Spark integration's events are in the stage run's file");
        for (JsonNode event : spark) {
            assertEquals(
                    events.runId().toString(),
                    event.path("run")
                            .path("facets")
                            .path("parent")
                            .path("root")
                            .path("run")
                            .path("runId")
                            .asText(),
                    "the stage run is the root of every Spark run: " + event);
        }
        Assertions.assertTrue(
                spark.stream().anyMatch(e -> hasOutput(e, output)),
                "the Spark integration names the table as the stage event does: " + output);

        assertFalse(Files.readString(file).contains(SUBJECT_ID), "no literal of a plan in the stage's events");
    }

    @Test
    void anEventFolderThatCannotBeCreatedIsAConfigurationErrorNamingTheKey() throws IOException {
        Path notAFolder = Files.writeString(dir.resolve("file"), "x");
        ConfigException e = assertThrows(
                ConfigException.class,
                () -> StageEvents.start(
                        config(notAFolder.resolve("events").toString()), "split", "file:///w", Map.of()));
        Assertions.assertTrue(e.getMessage().startsWith("spira.lineage-events.folder"), e.getMessage());
    }

    /**
     * Writes rows holding {@link #SUBJECT_ID}, selected by a filter on it: the value is a literal
     * of the write's plan. Returns the version written.
     */
    private long writeWithALiteral(DeltaStore store) {
        StructType schema = new StructType()
                .add("subject_key", DataTypes.StringType, false, "a subject, here in clear on purpose")
                .add("split", DataTypes.StringType, false, "train, validation or test");
        TableContract contract = new TableContract(TABLE, schema, List.of("subject_key"), Map.of());
        Dataset<Row> rows = spark().createDataFrame(
                        List.of(RowFactory.create(SUBJECT_ID, "train"), RowFactory.create("another", "test")), schema);
        assertEquals(
                1,
                store.insertNew(
                        contract, rows.where(functions.col("subject_key").equalTo(SUBJECT_ID))));
        return store.version(TABLE);
    }

    private static OpenLineageSparkListener listener(Map<String, String> properties, Map<String, String> changed) {
        SparkConf conf = new SparkConf(false).setAppName("spira-split");
        properties.forEach(conf::set);
        changed.forEach(conf::set);
        return new OpenLineageSparkListener(conf);
    }

    /** Waits (Spark's listener bus is asynchronous) for a Spark event that wrote {@code location}. */
    private static void awaitSparkOutput(Path file, String location) throws Exception {
        String name = URI.create(location).getPath();
        for (int i = 0; i < 120; i++) {
            if (Files.exists(file)
                    && read(file).stream()
                            .anyMatch(e -> e.path("eventType").asText().equals("COMPLETE")
                                    && e.path("outputs").toString().contains(name))) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("no Spark event wrote " + location + " in 60 s: " + file);
    }

    /**
     * Waits for the control listener (plan facet enabled) to serialize the literal, which shows the
     * check can fail, and then for the listener under test to have completed as many Spark runs.
     */
    private static void awaitLiteralAndTheSameEvents(Path control, Path file) throws Exception {
        for (int i = 0;
                i < 120 && !(Files.exists(control) && Files.readString(control).contains(SUBJECT_ID));
                i++) {
            Thread.sleep(500);
        }
        Assertions.assertTrue(
                Files.readString(control).contains(SUBJECT_ID),
                "the plan facet, when enabled, serializes the literal: the check on the stage's events can fail");
        long expected = completed(control);
        for (int i = 0; i < 120 && completed(file) < expected; i++) {
            Thread.sleep(500);
        }
        assertEquals(expected, completed(file), "the listener under test saw the same Spark runs");
    }

    private static long completed(Path file) throws IOException {
        return read(file).stream()
                .filter(e -> e.path("eventType").asText().equals("COMPLETE"))
                .count();
    }

    private static boolean hasOutput(JsonNode event, JsonNode dataset) {
        for (JsonNode output : event.path("outputs")) {
            if (output.path("namespace").equals(dataset.path("namespace"))
                    && output.path("name").equals(dataset.path("name"))) {
                return true;
            }
        }
        return false;
    }

    private static List<JsonNode> read(Path file) throws IOException {
        List<JsonNode> events = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            if (!line.isBlank()) {
                events.add(JSON.readTree(line));
            }
        }
        return events;
    }
}
