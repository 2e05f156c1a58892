package org.spira.pipeline.tracking;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.mlflow.api.proto.Service.Metric;
import org.mlflow.api.proto.Service.Param;
import org.mlflow.api.proto.Service.RunInfo;
import org.mlflow.api.proto.Service.RunStatus;
import org.mlflow.api.proto.Service.RunTag;
import org.spira.pipeline.tracking.RedactionPolicy.Kind;

/**
 * One open MLflow run: params, metrics, tags, dataset inputs and artifacts go through it. Only
 * {@link Tracker#run} and {@link Tracker#resume} open one, and they close it when their body
 * returns: {@code FINISHED} when it returned, {@code FAILED} when it threw (the exception is
 * rethrown). Param and tag values pass through the {@link RedactionPolicy}.
 */
public final class TrackedRun implements AutoCloseable {
    private static final int PARAMS_TAGS_PER_BATCH = 100; // MLflow's limit per log-batch request
    private static final int METRICS_PER_BATCH = 1000;

    private final MlflowApi api;
    private final RedactionPolicy policy;
    private final RunInfo info;
    private boolean succeeded;
    private boolean closed;

    TrackedRun(MlflowApi api, RedactionPolicy policy, RunInfo info) {
        this.api = api;
        this.policy = policy;
        this.info = info;
    }

    public String id() {
        return info.getRunId();
    }

    public String experimentId() {
        return info.getExperimentId();
    }

    /** The run's artifact root as MLflow records it ({@code mlflow-artifacts:/<exp>/<run>/artifacts}). */
    public String artifactUri() {
        return info.getArtifactUri();
    }

    /** Logs params (values as {@code String.valueOf}); a param once logged cannot change value. */
    public void logParams(Map<String, ?> params) {
        List<Param> batch = new ArrayList<>();
        params.forEach((key, value) -> batch.add(Param.newBuilder()
                .setKey(key)
                .setValue(policy.value(Kind.PARAM, key, String.valueOf(value)))
                .build()));
        for (List<Param> chunk : chunks(batch, PARAMS_TAGS_PER_BATCH)) {
            logBatch("log params", List.of(), chunk, List.of());
        }
    }

    /** Sets tags (a tag set again takes the new value). */
    public void setTags(Map<String, String> tags) {
        List<RunTag> batch = new ArrayList<>();
        tags.forEach((key, value) -> batch.add(RunTag.newBuilder()
                .setKey(key)
                .setValue(policy.value(Kind.RUN_TAG, key, value))
                .build()));
        for (List<RunTag> chunk : chunks(batch, PARAMS_TAGS_PER_BATCH)) {
            logBatch("set tags", List.of(), List.of(), chunk);
        }
    }

    /** Logs each metric's value at {@code step}, time-stamped now. */
    public void logMetrics(Map<String, Double> values, long step) {
        long now = System.currentTimeMillis();
        logMetrics(values.entrySet().stream()
                .map(e -> new MetricPoint(e.getKey(), e.getValue(), step, now))
                .toList());
    }

    /** Logs metric values with their own steps and timestamps, in batches. */
    public void logMetrics(List<MetricPoint> points) {
        List<Metric> batch = points.stream()
                .map(p -> Metric.newBuilder()
                        .setKey(p.key())
                        .setValue(p.value())
                        .setStep(p.step())
                        .setTimestamp(p.timestampMillis())
                        .build())
                .toList();
        for (List<Metric> chunk : chunks(batch, METRICS_PER_BATCH)) {
            logBatch("log metrics", chunk, List.of(), List.of());
        }
    }

    /** Records the tables (at their versions) this run read, as MLflow dataset inputs. */
    public void logInputs(List<DatasetInput> inputs) {
        checkOpen("log inputs");
        ObjectNode request = MlflowApi.JSON.createObjectNode();
        request.put("run_id", id());
        ArrayNode datasets = request.putArray("datasets");
        inputs.forEach(input -> datasets.add(input.toJson()));
        api.post("runs/log-inputs", request);
    }

    /**
     * Uploads a file to {@code <directory>/<file name>}, or a folder's files recursively below
     * {@code directory} ({@code ""} = the run's artifact root), through the server's proxy.
     */
    public void uploadArtifacts(Path source, String directory) {
        checkOpen("upload artifacts");
        artifacts().upload(source, ArtifactProxy.checkPath(directory));
    }

    /** The artifacts directly inside {@code directory} ({@code ""} = the root). */
    public List<ArtifactFile> listArtifacts(String directory) {
        return artifacts().list(directory);
    }

    /** Downloads an artifact folder's files into {@code target}, or a file into it; returns what was written. */
    public Path downloadArtifacts(String path, Path target) {
        return artifacts().download(path, target);
    }

    /** Marks the body as having returned: {@link #close} then ends the run FINISHED. */
    void succeeded() {
        succeeded = true;
    }

    /** Ends the run: FINISHED when the body returned, FAILED otherwise. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        RunStatus status = succeeded ? RunStatus.FINISHED : RunStatus.FAILED;
        long end = System.currentTimeMillis();
        api.call("end run " + id() + " as " + status, c -> {
            c.setTerminated(id(), status, end);
            return null;
        });
    }

    private void logBatch(String what, List<Metric> metrics, List<Param> params, List<RunTag> tags) {
        checkOpen(what);
        api.call(what + " on run " + id(), c -> {
            c.logBatch(id(), metrics, params, tags);
            return null;
        });
    }

    /** Resolved on use: a run whose artifacts are not proxied can still log everything else. */
    private ArtifactProxy artifacts() {
        return new ArtifactProxy(api, ArtifactProxy.rootOf(artifactUri()));
    }

    private void checkOpen(String what) {
        if (closed) {
            throw new IllegalStateException(what + ": run " + id() + " has ended");
        }
    }

    private static <T> List<List<T>> chunks(List<T> items, int size) {
        List<List<T>> chunks = new ArrayList<>();
        for (int from = 0; from < items.size(); from += size) {
            chunks.add(items.subList(from, Math.min(items.size(), from + size)));
        }
        return chunks;
    }
}
