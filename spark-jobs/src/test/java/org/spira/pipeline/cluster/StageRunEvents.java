package org.spira.pipeline.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The OpenLineage events of one stage run (transport file): the file its driver names in its log,
 * holding the stage run's own events and the Spark integration's.
 *
 * @param runId the stage run's OpenLineage run id
 * @param file the events' file
 * @param events every event of the file, in order
 */
record StageRunEvents(String runId, Path file, List<JsonNode> events) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern LOGGED = Pattern.compile("lineage events of run (\\S+) go to (\\S+)");

    /** The events of the stage run whose driver wrote {@code stderr}. */
    static StageRunEvents of(String stderr) throws IOException {
        Matcher logged = LOGGED.matcher(stderr);
        if (!logged.find()) {
            throw new AssertionError("the driver names no lineage event file");
        }
        Path file = Path.of(logged.group(2));
        List<JsonNode> events = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            if (!line.isBlank()) {
                events.add(JSON.readTree(line));
            }
        }
        return new StageRunEvents(logged.group(1), file, events);
    }

    /** The stage run's own events. */
    List<JsonNode> own() {
        return events.stream().filter(this::isOwn).toList();
    }

    /** The Spark integration's events. */
    List<JsonNode> spark() {
        return events.stream().filter(e -> !isOwn(e)).toList();
    }

    /** The stage run's COMPLETE event. */
    JsonNode completed() {
        return own().stream()
                .filter(e -> e.path("eventType").asText().equals("COMPLETE"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no COMPLETE event of run " + runId + " in " + file));
    }

    /** The COMPLETE event's {@code inputs} or {@code outputs}: the version of each, by namespace and name. */
    Map<String, String> datasets(String role) {
        Map<String, String> versions = new TreeMap<>();
        completed()
                .path(role)
                .forEach(dataset -> versions.put(
                        dataset.path("namespace").asText() + " "
                                + dataset.path("name").asText(),
                        dataset.path("facets")
                                .path("version")
                                .path("datasetVersion")
                                .asText()));
        return versions;
    }

    /** Namespace and name of every {@code role} dataset of the Spark integration's events. */
    List<String> sparkDatasets(String role) {
        List<String> datasets = new ArrayList<>();
        spark().forEach(event -> event.path(role)
                .forEach(d -> datasets.add(
                        d.path("namespace").asText() + " " + d.path("name").asText())));
        return datasets;
    }

    private boolean isOwn(JsonNode event) {
        return event.path("run").path("runId").asText().equals(runId);
    }
}
