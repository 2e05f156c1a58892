package org.spira.pipeline.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What one Spark application's event log ({@code spark.eventLog.enabled}, with
 * {@code spark.eventLog.logStageExecutorMetrics} and process-tree metrics on) says about its run:
 * when the application, its first job and its last job started and ended, the cores of its
 * executors, and the peak JVM heap and process resident set of the driver and of the executors.
 * The same events are written on {@code local[N]} (one JVM: the executor is the driver, id
 * {@code driver}) and on a cluster.
 *
 * @param appStartMillis SparkListenerApplicationStart, epoch ms (the SparkContext starting)
 * @param firstJobMillis the first job's submission, epoch ms, or -1 without jobs
 * @param lastJobEndMillis the last job's completion, epoch ms, or -1 without jobs
 * @param appEndMillis SparkListenerApplicationEnd, epoch ms (the SparkContext stopping)
 * @param cores the cores of every executor added (on local[N], N)
 * @param driver the driver's peaks
 * @param executors the highest peaks of the other executors (none on local[N])
 */
record EventLog(
        long appStartMillis,
        long firstJobMillis,
        long lastJobEndMillis,
        long appEndMillis,
        int cores,
        Peaks driver,
        Peaks executors) {

    static final String DRIVER = "driver";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Peak JVM heap and process-tree resident set, bytes (0 where no metrics were reported). */
    record Peaks(long heap, long rss) {
        static final Peaks NONE = new Peaks(0, 0);

        Peaks max(JsonNode metrics) {
            return new Peaks(
                    Math.max(heap, metrics.path("JVMHeapMemory").asLong(0)),
                    Math.max(rss, metrics.path("ProcessTreeJVMRSSMemory").asLong(0)));
        }
    }

    /** Reads the one event log file in {@code directory} (Spark's spark.eventLog.dir for one application). */
    static EventLog read(Path directory) throws IOException {
        Path file;
        try (Stream<Path> files = Files.list(directory)) {
            file = files.reduce((a, b) -> {
                        throw new IllegalStateException(directory + " holds more than one event log");
                    })
                    .orElseThrow(() -> new IllegalStateException(directory + " holds no event log"));
        }
        long appStart = -1;
        long firstJob = -1;
        long lastJobEnd = -1;
        long appEnd = -1;
        Map<String, Integer> coresByExecutor = new HashMap<>();
        Peaks driver = Peaks.NONE;
        Peaks executors = Peaks.NONE;
        try (BufferedReader lines = Files.newBufferedReader(file)) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                JsonNode event = JSON.readTree(line);
                switch (event.path("Event").asText()) {
                    case "SparkListenerApplicationStart" -> appStart =
                            event.path("Timestamp").asLong();
                    case "SparkListenerApplicationEnd" -> appEnd =
                            event.path("Timestamp").asLong();
                    case "SparkListenerJobStart" -> {
                        long submitted = event.path("Submission Time").asLong();
                        firstJob = firstJob < 0 ? submitted : Math.min(firstJob, submitted);
                    }
                    case "SparkListenerJobEnd" -> lastJobEnd =
                            Math.max(lastJobEnd, event.path("Completion Time").asLong());
                    case "SparkListenerExecutorAdded" -> coresByExecutor.put(
                            event.path("Executor ID").asText(),
                            event.path("Executor Info").path("Total Cores").asInt());
                    case "SparkListenerStageExecutorMetrics" -> {
                        JsonNode metrics = event.path("Executor Metrics");
                        if (DRIVER.equals(event.path("Executor ID").asText())) {
                            driver = driver.max(metrics);
                        } else {
                            executors = executors.max(metrics);
                        }
                    }
                    case "SparkListenerTaskEnd" -> {
                        JsonNode metrics = event.path("Task Executor Metrics");
                        if (DRIVER.equals(
                                event.path("Task Info").path("Executor ID").asText())) {
                            driver = driver.max(metrics);
                        } else {
                            executors = executors.max(metrics);
                        }
                    }
                    default -> {}
                }
            }
        }
        int cores =
                coresByExecutor.values().stream().mapToInt(Integer::intValue).sum();
        return new EventLog(appStart, firstJob, lastJobEnd, appEnd, cores, driver, executors);
    }
}
