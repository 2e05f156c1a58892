package org.spira.pipeline.tracking;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.mlflow.api.proto.Service.CreateRun;
import org.mlflow.api.proto.Service.Experiment;
import org.mlflow.api.proto.Service.RunInfo;
import org.mlflow.api.proto.Service.RunStatus;
import org.mlflow.api.proto.Service.RunTag;
import org.mlflow.tracking.MlflowClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spira.pipeline.ServiceDown;
import org.spira.pipeline.config.TrackingConfig;
import org.spira.pipeline.tracking.RedactionPolicy.Kind;

/**
 * MLflow tracking for the pipeline's stages: runs in the configured experiment, and the
 * configured registered model. Work is done inside a run:
 *
 * <pre>{@code
 * Model model = tracker.run(RunSpec.named("train"), run -> {
 *     run.logParams(params);
 *     ...
 *     return trained;
 * });
 * }</pre>
 *
 * The run ends {@code FINISHED} when the body returns and {@code FAILED} when it throws; the
 * exception is rethrown unchanged (a failure to end the run is added to it as suppressed). While
 * it is open, its {@link RunHeartbeat} beats; a run that a killed process left {@code RUNNING}
 * is ended {@code KILLED} by the next {@link #run} in the experiment once its heartbeat is older
 * than {@code spira.tracking.stale-run-after-s}. {@link #connect} checks that the server answers.
 */
public final class Tracker implements AutoCloseable {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);
    private static final Logger LOG = LoggerFactory.getLogger(Tracker.class);
    /** MLflow's largest page of a run search; more stale runs than this wait for the next stage. */
    private static final int SEARCH_PAGE = 1000;

    private final MlflowApi api;
    private final RedactionPolicy policy;
    private final TrackingConfig config;

    Tracker(MlflowApi api, RedactionPolicy policy, TrackingConfig config) {
        this.api = api;
        this.policy = policy;
        this.config = config;
    }

    /**
     * A tracker for {@code config}'s server, with the secrets of {@code environment} (the
     * process environment, read by the caller at the edge) kept out of every run.
     *
     * @throws org.spira.pipeline.config.ConfigException when no tracking URI is configured
     * @throws org.spira.pipeline.ServiceUnavailableException when the server does not answer its
     *     health check, so that a stage
     *     started while it is down fails before any Spark work
     */
    public static Tracker connect(TrackingConfig config, Map<String, String> environment) {
        URI server = config.trackingUri(environment);
        HttpClient http = HttpClient.newBuilder()
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
        MlflowApi api = new MlflowApi(new MlflowClient(server.toString()), http, server, config.requestTimeout());
        Optional<ServiceDown> down = api.down();
        if (down.isPresent()) {
            throw down.get().beforeStart();
        }
        return new Tracker(api, RedactionPolicy.fromEnvironment(environment), config);
    }

    /** The server, when it does not answer its health check now. */
    public Optional<ServiceDown> down() {
        return api.down();
    }

    public URI server() {
        return api.server();
    }

    /** The configured experiment's id; the experiment is created when missing. */
    public String experimentId() {
        String name = config.experiment();
        Optional<Experiment> found = api.call("get experiment " + name, c -> c.getExperimentByName(name));
        if (found.isEmpty()) {
            Optional<String> created = api.callUnless(
                    "create experiment " + name,
                    refusal -> refusal.is(Refusal.ALREADY_EXISTS),
                    c -> c.createExperiment(name));
            if (created.isPresent()) {
                return created.get();
            }
            found = api.call("get experiment " + name, c -> c.getExperimentByName(name)); // created meanwhile
        }
        Experiment experiment = found.orElseThrow();
        if (!"active".equals(experiment.getLifecycleStage())) {
            throw new TrackingException(
                    "experiment '" + name + "' on " + server() + " is deleted: restore it"
                            + " (mlflow experiments restore) or choose another spira.tracking.experiment",
                    null);
        }
        return experiment.getExperimentId();
    }

    /** Runs {@code body} in a new run of the configured experiment and returns its result. */
    public <T, E extends Exception> T run(RunSpec spec, RunBody<T, E> body) throws E {
        String experimentId = experimentId();
        endStaleRuns(experimentId);
        CreateRun.Builder request = CreateRun.newBuilder()
                .setExperimentId(experimentId)
                .setRunName(spec.name())
                .setStartTime(System.currentTimeMillis());
        spec.tags()
                .forEach((key, value) -> request.addTags(RunTag.newBuilder()
                        .setKey(key)
                        .setValue(policy.value(Kind.RUN_TAG, key, value))
                        .build()));
        RunInfo info = api.call("create run " + spec.name(), c -> c.createRun(request.build()));
        return within(new TrackedRun(api, policy, info), body);
    }

    /**
     * Reopens run {@code runId} (for example a training run that crashed and is resumed) as
     * {@code RUNNING}, runs {@code body} in it and returns its result; the run ends as {@link
     * #run} describes.
     */
    public <T, E extends Exception> T resume(String runId, RunBody<T, E> body) throws E {
        RunInfo info = api.call("get run " + runId, c -> c.getRun(runId)).getInfo();
        if (!"active".equals(info.getLifecycleStage())) {
            throw new TrackingException("run " + runId + " is deleted and cannot be resumed: restore it first", null);
        }
        ObjectNode update = MlflowApi.JSON.createObjectNode();
        update.put("run_id", runId);
        update.put("status", "RUNNING");
        api.post("runs/update", update);
        return within(new TrackedRun(api, policy, info), body);
    }

    /**
     * Runs {@code body} in run {@code runId}, which another process opened and will end (the
     * train stage's driver, while its training task runs on an executor), and returns its
     * result. The run's status is left as it is, whatever the body does.
     *
     * @throws TrackingException when the run is not {@code RUNNING}
     */
    public <T, E extends Exception> T attach(String runId, RunBody<T, E> body) throws E {
        RunInfo info = api.call("get run " + runId, c -> c.getRun(runId)).getInfo();
        if (info.getStatus() != RunStatus.RUNNING) {
            throw new TrackingException(
                    "run " + runId + " is " + info.getStatus() + ", not RUNNING: only an open run can be continued"
                            + " from another process; open it with Tracker.run or Tracker.resume first",
                    null);
        }
        return body.apply(new TrackedRun(api, policy, info));
    }

    /** Run {@code runId} as the server has it now. */
    public RunRecord runRecord(String runId) {
        return RunRecord.of(api.call("get run " + runId, c -> c.getRun(runId)));
    }

    /** The configured registered model. */
    public ModelRegistry registry() {
        return registry(config.registeredModel());
    }

    /** The registered model {@code name}. */
    public ModelRegistry registry(String name) {
        return new ModelRegistry(api, policy, name);
    }

    /**
     * Ends {@code KILLED}, at the time of its last heartbeat, every run of the experiment still
     * {@code RUNNING} whose heartbeat is older than {@code spira.tracking.stale-run-after-s}: the
     * process that opened it was killed. Runs without a heartbeat (opened by other clients) are
     * left as they are. Returns the ids of the runs it ended.
     */
    List<String> endStaleRuns(String experimentId) {
        ObjectNode search = MlflowApi.JSON.createObjectNode();
        search.putArray("experiment_ids").add(experimentId);
        search.put("filter", "attributes.status = 'RUNNING'");
        search.put("max_results", SEARCH_PAGE);
        long now = System.currentTimeMillis();
        List<String> ended = new ArrayList<>();
        for (JsonNode run : api.post("runs/search", search).path("runs")) {
            String id = run.path("info").path("run_id").asText();
            OptionalLong beat = lastHeartbeat(run);
            if (beat.isPresent()
                    && now - beat.getAsLong() > config.staleRunAfter().toMillis()) {
                ObjectNode update = MlflowApi.JSON.createObjectNode();
                update.put("run_id", id);
                update.put("status", RunStatus.KILLED.name());
                update.put("end_time", beat.getAsLong());
                api.post("runs/update", update);
                LOG.warn(
                        "ended MLflow run {} KILLED: it was RUNNING, but its heartbeat stopped at {}"
                                + " (its process was killed); resume a killed train run with train --resume {}",
                        id,
                        Instant.ofEpochMilli(beat.getAsLong()),
                        id);
                ended.add(id);
            }
        }
        return ended;
    }

    private static OptionalLong lastHeartbeat(JsonNode run) {
        for (JsonNode tag : run.path("data").path("tags")) {
            if (RunHeartbeat.TAG.equals(tag.path("key").asText())) {
                try {
                    return OptionalLong.of(Long.parseLong(tag.path("value").asText()));
                } catch (NumberFormatException e) {
                    return OptionalLong.empty();
                }
            }
        }
        return OptionalLong.empty();
    }

    private <T, E extends Exception> T within(TrackedRun run, RunBody<T, E> body) throws E {
        try (run;
                RunHeartbeat heartbeat = RunHeartbeat.start(api, run.id(), config.staleRunAfter())) {
            T result = body.apply(run);
            run.succeeded();
            return result;
        }
    }

    @Override
    public void close() {
        api.close();
    }
}
