package org.spira.pipeline.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spira.pipeline.cluster.ClusterServices.Finished;
import org.spira.pipeline.config.SubjectPseudonymizer;
import org.spira.pipeline.forget.ForgetJob;
import org.spira.pipeline.forget.SubjectList;
import org.spira.pipeline.tables.FeatureStatsTable;
import org.spira.pipeline.tables.FeaturesTable;
import org.spira.pipeline.tables.IngestRunsTable;
import org.spira.pipeline.tables.PredictionsTable;
import org.spira.pipeline.tables.RecordingsTable;
import org.spira.pipeline.tables.RejectedTable;
import org.spira.pipeline.tables.SplitsTable;
import org.spira.pipeline.tables.TrainingMembershipTable;
import org.spira.pipeline.tracking.MlflowServerFixture;

/**
 * The pipeline submitted with bin/submit to the standalone Spark cluster against an s3a://
 * warehouse on MinIO, under a prefix of its own. The first run of each data stage has its driver
 * SIGKILLed part-way (ingest and featurize between their first and second commits, split once its
 * Spark application has started) and the run after it completes the stage: the dead run's leases
 * expire (ingest) or are broken with bin/submit leases --break (featurize, split). split is then
 * submitted twice at once: one run takes the writer lease of splits, the other exits 4;
 * AirflowDagIT reruns the data stages and checks that a rerun writes nothing. Then train (two
 * epochs, in a task asking for the two fake GPUs of bin/services' gpu-worker: two ParallelWrapper
 * workers on the CPU backend) and evaluate; then train again, killed in its second
 * epoch once its first epoch's checkpoint is stored, and resumed with --resume to the parameters
 * of the uninterrupted train; then a second feature version (3 s windows) is
 * featurized and made the configured spec, one training recording's audio object is deleted, and
 * score runs three times with the champion: killed between its commits of predictions and
 * rejected, the run after it (which ends the killed run's MLflow run KILLED), and a rerun that
 * adds nothing; lineage last. Everything is tracked in the real MLflow server under an experiment
 * and registered model of their own. The tables are read back with delta-rs and DuckDB, MLflow
 * with plain HTTP, and every object under the warehouse and the experiment's artifacts is
 * scanned, and so are the drivers' and executors' logs. spira-predict.jar is run with plain java
 * on the landing files.
 */
class ClusterPipelineIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<TreeMap<String, Long>> COUNTS = new TypeReference<>() {};
    private static final List<String> DATA_STAGES = List.of("ingest", "featurize", "split");
    /** The submits after the data stages: pass-stage, in order. */
    private static final List<String> MODEL_RUNS =
            List.of("model-train", "model-evaluate", "spec3s-featurize", "model-score", "rerun-score", "model-lineage");

    /** The Delta tables each stage reads and writes, as its lineage events must name them. */
    private static final Map<String, List<String>> READS = Map.of(
            "ingest", List.of(),
            "featurize", List.of(RecordingsTable.NAME),
            "split", List.of(RecordingsTable.NAME),
            "train", List.of(FeaturesTable.NAME, RecordingsTable.NAME, SplitsTable.NAME),
            "evaluate", List.of(FeaturesTable.NAME, RecordingsTable.NAME, SplitsTable.NAME),
            "score", List.of(RecordingsTable.NAME),
            "lineage", List.of(FeaturesTable.NAME, RecordingsTable.NAME, SplitsTable.NAME),
            "validate", List.of(FeaturesTable.NAME, RecordingsTable.NAME, SplitsTable.NAME),
            "forget", List.of());

    private static final Map<String, List<String>> WRITES = Map.of(
            "ingest", List.of(RecordingsTable.NAME, RejectedTable.NAME, IngestRunsTable.NAME),
            "featurize", List.of(FeaturesTable.NAME, RejectedTable.NAME, FeatureStatsTable.NAME),
            "split", List.of(SplitsTable.NAME),
            "train", List.of(TrainingMembershipTable.NAME),
            "evaluate", List.of(),
            "score", List.of(PredictionsTable.NAME, RejectedTable.NAME),
            "lineage", List.of(TrainingMembershipTable.NAME),
            "validate", List.of());

    private static final int GPUS = 2;
    private static final Map<String, StructType> SCHEMAS = Map.of(
            RecordingsTable.NAME, RecordingsTable.CONTRACT.schema(),
            RejectedTable.NAME, RejectedTable.CONTRACT.schema(),
            IngestRunsTable.NAME, IngestRunsTable.CONTRACT.schema(),
            FeaturesTable.NAME, FeaturesTable.CONTRACT.schema(),
            SplitsTable.NAME, SplitsTable.CONTRACT.schema());

    @TempDir
    static Path dir;

    static ClusterServices services;
    static MlflowServerFixture mlflow;
    static String prefix;
    static String warehouse;
    static LandingBatch batch;
    static final Map<String, Finished> runs = new LinkedHashMap<>();
    static JsonNode first;
    static JsonNode afterModel;
    static List<Path> executorLogs;
    /** The training recording whose audio object was deleted before score: id and audio_uri. */
    static JsonNode lost;
    /** The key of the subject forget erased, and its rows left in the tables that hold keys (delta-rs). */
    static String erasedKey;

    static JsonNode afterForget;
    /** Version 1's predictions by recording id, read by delta-rs before forget erased some. */
    static Map<String, JsonNode> scored;

    static Finished predict;
    static double predictSeconds;
    /** The split submitted at the same moment as first-split, which found its table's lease taken. */
    static Finished rivalSplit;
    /** bin/submit leases on the warehouse, after every stage. */
    static Finished leases;
    /** The first run of each writing stage, its driver SIGKILLed part-way: by stage. */
    static final Map<String, Killed> killed = new LinkedHashMap<>();
    /** The tables right after featurize was killed. */
    static JsonNode killedFeaturize;
    /** bin/submit leases --break of each table a killed run held, where the test breaks them. */
    static final Map<String, Finished> brokenLeases = new LinkedHashMap<>();
    /** The version rejected was at when score started. */
    static long rejectedBeforeScore;

    /**
     * A stage run whose driver was SIGKILLed: its output, the killed process's command, whether
     * it had reached the point it was to be killed at, and whether the commit that was to come
     * next had landed all the same.
     */
    record Killed(Finished run, String driver, boolean atPoint, boolean nextCommitLanded) {}

    /** The MLflow run of the train killed in its second epoch, which resumed-train continued. */
    static String killedTrainRun;

    /**
     * A stage run during which a service it needs was stopped (bin/services stop), started again
     * once the run had ended: its output, whether it had reached the point the service was to be
     * stopped at, and whether it had committed nothing when the service came back.
     */
    record Stopped(String service, Finished run, boolean atPoint, boolean committedNothing) {}

    /** The runs during which MinIO (featurize) and MLflow (train) were stopped, by stage. */
    static final Map<String, Stopped> stopped = new LinkedHashMap<>();

    /** The MLflow run of the train whose tracking server was stopped in its second epoch. */
    static String cutOffTrainRun;

    @BeforeAll
    static void runThePipeline() throws Exception {
        services = ClusterServices.require();
        services.requireGpuWorker();
        mlflow = MlflowServerFixture.require("cluster-it");
        prefix = "it-" + UUID.randomUUID();
        String root = "s3a://spira-warehouse/" + prefix;
        batch = LandingBatch.write(Files.createDirectories(dir.resolve("landing")), 5);
        services.upload(batch.folder, root + "/landing", dir.resolve("logs"));
        services.upload(LandingBatch.noiseCorpus(dir.resolve("noise")), root + "/noise", dir.resolve("logs"));
        warehouse = root + "/warehouse";
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("spira.featurize.noise-corpus", root + "/noise");
        settings.put("spira.featurize.control-variants", "1");
        settings.put("spira.featurize.patient-variants", "1");
        // Half the subjects of each class train, a quarter each validate and test.
        settings.put("spira.split.train", "0.5");
        settings.put("spira.split.validation", "0.25");
        settings.put("spira.split.test", "0.25");
        settings.put("spira.evaluate.noise-corpus", root + "/noise");
        settings.put("spira.tracking.experiment", mlflow.config.experiment());
        settings.put("spira.tracking.registered-model", mlflow.config.registeredModel());
        settings.put("spira.train.epochs", "2");
        settings.put("spira.train.cores", "2");
        settings.put("spira.train.gpus", "2");
        settings.put(
                "spira.lineage-events.folder", dir.resolve("lineage-events").toString());
        String key = ClusterServices.subjectKey();
        // Each data stage's first run is SIGKILLed part-way, and the run after it completes the
        // stage: ingest and featurize between their first and second commits, split once its
        // Spark application has started. The dead run's leases expire (ingest: a 15 s lease) or
        // are broken with the documented command (featurize, split).
        List<String> manifest = List.of("--manifest", root + "/landing/manifest.csv");
        kill(
                "ingest",
                shortLeases(settings),
                manifest,
                key,
                committed(RecordingsTable.NAME, 1),
                committed(RejectedTable.NAME, 1));
        submit("first", "ingest", settings, manifest, key);
        // MinIO stopped while featurize runs (it has counted its recordings; its tasks read their
        // audio next): it exits 1 naming the object store, having committed nothing but the empty
        // features table (version 0), and its 15 s leases expire for the run after it
        Path featurizeLog = dir.resolve("logs/minio-stopped-featurize.err");
        stop(
                "minio",
                "featurize",
                shortLeases(settings),
                key,
                () -> Files.readString(featurizeLog).contains("to featurize with feature version"),
                () -> !committed(FeaturesTable.NAME, 1).holds()
                        && !committed(RejectedTable.NAME, 2).holds());
        // version 0 of features is the empty table, version 1 the run's append; rejected's next is 2
        kill("featurize", settings, List.of(), key, committed(FeaturesTable.NAME, 1), committed(RejectedTable.NAME, 2));
        killedFeaturize = inspect(false, FeaturesTable.NAME, RejectedTable.NAME);
        breakLeases(key, FeaturesTable.NAME, RejectedTable.NAME, FeatureStatsTable.NAME);
        submit("first", "featurize", settings, List.of(), key);
        Path splitLog = dir.resolve("logs/killed-split.err");
        kill(
                "split",
                settings,
                List.of(),
                key,
                () -> Files.readString(splitLog).contains("spira-split: Spark application"),
                committed(SplitsTable.NAME, 1));
        breakLeases(key, SplitsTable.NAME);
        splitTwiceAtOnce(settings, key);
        first = inspect(false);
        submit("model", "train", settings, List.of(), key);
        submit("model", "evaluate", settings, List.of(), key);
        // train killed in its second epoch, the moment its first epoch's checkpoint is complete
        // (checkpoints/latest is written last), then resumed from it with --resume: it registers
        // version 2, which nothing promotes, with the parameters of model-train's two epochs
        String experiment = mlflow.rest(
                        "experiments/get-by-name", Map.of("experiment_name", mlflow.config.experiment()))
                .path("experiment")
                .path("experiment_id")
                .asText();
        String artifacts = mlflow.environment
                        .getOrDefault("SPIRA_MLFLOW_ARTIFACTS", "s3://spira-mlflow/artifacts")
                        .replaceFirst("^s3:", "s3a:")
                + "/" + experiment;
        Set<String> trained =
                new HashSet<>(Set.of(summary("model-train").get("run_id").asText()));
        // (with 15 s leases: the resume waits for the dead run's lease of training_membership to expire)
        kill(
                "train",
                shortLeases(settings),
                List.of(),
                key,
                () -> (killedTrainRun = checkpointedRun(artifacts, trained)) != null,
                () -> ClusterServices.objectExists(
                        artifacts + "/" + killedTrainRun + "/artifacts/checkpoints/epoch-000001/model.zip"));
        submit("resumed", "train", settings, List.of("--resume", killedTrainRun), key);
        // MLflow stopped at the same point of another train: it fails at the end of its second
        // epoch, exit 1 naming the tracking server, and registers nothing; once MLflow is back the
        // scheduler's retry, a plain train, registers version 3 with the uninterrupted parameters
        trained.add(killedTrainRun);
        stop(
                "mlflow",
                "train",
                settings,
                key,
                () -> (cutOffTrainRun = checkpointedRun(artifacts, trained)) != null,
                () -> !ClusterServices.objectExists(
                        artifacts + "/" + cutOffTrainRun + "/artifacts/checkpoints/epoch-000001/model.zip"));
        submit("retried", "train", settings, List.of(), key);
        // From here on the configured feature spec is a 3 s one, featurized into the same table:
        // the table's current feature version is no longer the model's, which score must ignore.
        Map<String, String> threeSeconds = new LinkedHashMap<>(settings);
        threeSeconds.put("spira.features.window-seconds", "3");
        threeSeconds.put("spira.featurize.control-variants", "0");
        threeSeconds.put("spira.featurize.patient-variants", "0");
        submit("spec3s", "featurize", threeSeconds, List.of(), key);
        lost = loseATrainingRecordingsAudio();
        // score killed between its commits of predictions and rejected; its rerun waits for the
        // dead run's leases to expire, and ends the dead run's MLflow run KILLED (its heartbeat
        // is older than the 10 s the rerun allows)
        rejectedBeforeScore = table(inspect(false, RejectedTable.NAME), RejectedTable.NAME)
                .get("version")
                .asLong();
        kill(
                "score",
                shortLeases(threeSeconds),
                List.of(),
                key,
                committed(PredictionsTable.NAME, 1),
                committed(RejectedTable.NAME, rejectedBeforeScore + 1));
        Map<String, String> sweeping = new LinkedHashMap<>(threeSeconds);
        sweeping.put("spira.tracking.stale-run-after-s", "10");
        submit("model", "score", sweeping, List.of(), key);
        submit("rerun", "score", threeSeconds, List.of(), key);
        submit("model", "lineage", threeSeconds, List.of("--alias", "champion"), key);
        submit("model", "validate", threeSeconds, List.of("--alias", "champion"), key);
        long listed = System.nanoTime();
        leases = submitted("leases", "leases", Map.of(), List.of(), key);
        System.out.printf("bin/submit leases took %.1f s%n", (System.nanoTime() - listed) / 1e9);
        afterModel = inspect(true);
        long start = System.nanoTime();
        predict = spiraPredict();
        predictSeconds = (System.nanoTime() - start) / 1e9;
        scored = services.predictions(dir.resolve("logs"), warehouse, mlflow.config.registeredModel(), 1);
        forgetATrainingSubject(settings, key);
        executorLogs = executorLogs();
    }

    /**
     * A training subject of every registered version withdraws consent (not the one whose audio
     * was lost): forget, with retention 0, erases them; then delta-rs counts their rows left.
     */
    private static void forgetATrainingSubject(Map<String, String> settings, String key) throws Exception {
        Map<String, List<String>> columns = Map.of(
                RecordingsTable.NAME, List.of(RecordingsTable.RECORDING_ID, RecordingsTable.SUBJECT_KEY),
                SplitsTable.NAME, List.of(SplitsTable.SUBJECT_KEY, SplitsTable.SPLIT));
        erasedKey = services.query(
                        dir.resolve("logs"),
                        warehouse,
                        columns,
                        "SELECT subject_key FROM splits WHERE split = 'train' AND subject_key NOT IN (SELECT"
                                + " subject_key FROM recordings WHERE recording_id = '"
                                + lost.get("recording_id").asText() + "') ORDER BY 1 LIMIT 1")
                .get(0)
                .get("subject_key")
                .asText();
        SubjectPseudonymizer pseudonymizer = SubjectPseudonymizer.fromEnvironment(
                Map.of(SubjectPseudonymizer.KEY_VARIABLE, key), java.util.Optional.empty());
        String subject = batch.subjectIds.stream()
                .filter(id -> pseudonymizer.pseudonym(id).equals(erasedKey))
                .findFirst()
                .orElseThrow();
        Path withdrawn = Files.createDirectories(dir.resolve("withdrawn"));
        Files.writeString(withdrawn.resolve("subjects.txt"), SubjectList.HEADER + "\n" + subject + "\n");
        String root = "s3a://spira-warehouse/" + prefix;
        services.upload(withdrawn, root + "/withdrawn", dir.resolve("logs"));
        Map<String, String> immediately = new LinkedHashMap<>(settings);
        immediately.put("spira.forget.retention-hours", "0");
        submit("model", "forget", immediately, List.of("--subjects", root + "/withdrawn/subjects.txt"), key);
        Map<String, List<String>> keyed = new TreeMap<>();
        for (String table :
                List.of(RecordingsTable.NAME, FeaturesTable.NAME, SplitsTable.NAME, TrainingMembershipTable.NAME)) {
            keyed.put(table, List.of(RecordingsTable.SUBJECT_KEY));
        }
        afterForget = services.query(
                        dir.resolve("logs"),
                        warehouse,
                        keyed,
                        "SELECT (SELECT count(*) FROM recordings WHERE subject_key = '" + erasedKey
                                + "') AS recordings,"
                                + " (SELECT count(*) FROM features WHERE subject_key = '" + erasedKey
                                + "') AS features,"
                                + " (SELECT count(*) FROM splits WHERE subject_key = '" + erasedKey + "') AS splits,"
                                + " (SELECT count(*) FROM training_membership WHERE subject_key = '" + erasedKey
                                + "') AS training_membership")
                .get(0);
    }

    private static void submit(String pass, String stage, Map<String, String> settings, List<String> extra, String key)
            throws Exception {
        runs.put(pass + "-" + stage, submitted(pass + "-" + stage, stage, settings, extra, key));
    }

    /**
     * The first split, submitted twice at the same moment, neither run willing to wait for a lease:
     * the one that takes the lease of splits is first-split, the other is the rival.
     */
    private static void splitTwiceAtOnce(Map<String, String> settings, String key) throws Exception {
        Map<String, String> noWait = new LinkedHashMap<>(settings);
        noWait.put("spira.leases.wait-seconds", "0");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            long start = System.nanoTime();
            List<Future<Finished>> both = Stream.of("a", "b")
                    .map(side -> pool.submit(() -> {
                        Finished run = submitted("first-split-" + side, "split", noWait, List.of(), key);
                        System.out.printf(
                                "first-split-%s exited %d after %.1f s%n",
                                side, run.exit(), (System.nanoTime() - start) / 1e9);
                        return run;
                    }))
                    .toList();
            Finished a = both.get(0).get();
            Finished b = both.get(1).get();
            boolean aWrote = a.exit() == 0;
            runs.put("first-split", aWrote ? a : b);
            rivalSplit = aWrote ? b : a;
        } finally {
            pool.shutdownNow();
        }
    }

    private static Finished submitted(
            String name, String stage, Map<String, String> settings, List<String> extra, String key) throws Exception {
        long start = System.nanoTime();
        Finished run = services.run(
                submitCommand(stage, settings, extra), submitEnvironment(stage, key), dir.resolve("logs"), name);
        System.out.printf(java.util.Locale.ROOT, "submit %s: %.1f s%n", name, (System.nanoTime() - start) / 1e9);
        return run;
    }

    /**
     * Starts {@code stage} and SIGKILLs its driver the moment {@code point} holds (bin/submit execs
     * spark-submit, which execs the driver's JVM: the process is the driver); {@code next}: whether
     * what was to come next (its next commit) has landed.
     */
    private static void kill(
            String stage,
            Map<String, String> settings,
            List<String> extra,
            String key,
            ClusterServices.Condition point,
            ClusterServices.Condition next)
            throws Exception {
        String name = "killed-" + stage;
        Process submit = services.start(
                submitCommand(stage, settings, extra), submitEnvironment(stage, key), dir.resolve("logs"), name);
        boolean atPoint = ClusterServices.await(submit, point);
        String driver = submit.info().command().orElse("?");
        Stream.concat(submit.descendants(), Stream.of(submit.toHandle())).forEach(ProcessHandle::destroyForcibly);
        Finished run = services.finish(submit, dir.resolve("logs"), name);
        killed.put(stage, new Killed(run, driver, atPoint, next.holds()));
    }

    /**
     * Starts {@code stage} and stops {@code service} with bin/services the moment {@code point}
     * holds; once the stage has ended, asks {@code nothingCommitted} and starts the service again.
     */
    private static void stop(
            String service,
            String stage,
            Map<String, String> settings,
            String key,
            ClusterServices.Condition point,
            ClusterServices.Condition nothingCommitted)
            throws Exception {
        String name = service + "-stopped-" + stage;
        Process submit = services.start(
                submitCommand(stage, settings, List.of()), submitEnvironment(stage, key), dir.resolve("logs"), name);
        boolean atPoint = ClusterServices.await(submit, point);
        services.service("stop", service, dir.resolve("logs"));
        Finished run = services.finish(submit, dir.resolve("logs"), name);
        services.service("start", service, dir.resolve("logs"));
        stopped.put(stage, new Stopped(service, run, atPoint, nothingCommitted.holds()));
    }

    /**
     * The MLflow run under the experiment's {@code artifacts}, other than {@code known}, whose first
     * checkpoint is complete ({@code checkpoints/latest} is written last), or null.
     */
    private static String checkpointedRun(String artifacts, Set<String> known) {
        for (String object : ClusterServices.keys(artifacts)) {
            String[] parts = object.split("/");
            if (object.endsWith("/artifacts/checkpoints/latest") && !known.contains(parts[parts.length - 4])) {
                return parts[parts.length - 4];
            }
        }
        return null;
    }

    /** The object of {@code table}'s commit {@code version}. */
    private static String commit(String table, long version) {
        return warehouse + "/" + table + "/_delta_log/" + "%020d".formatted(version) + ".json";
    }

    private static ClusterServices.Condition committed(String table, long version) {
        String object = commit(table, version);
        return () -> ClusterServices.objectExists(object);
    }

    /** {@code settings} with leases that expire 15 s after their holder's last heartbeat. */
    private static Map<String, String> shortLeases(Map<String, String> settings) {
        Map<String, String> shorter = new LinkedHashMap<>(settings);
        shorter.put("spira.leases.ttl-seconds", "15");
        shorter.put("spira.leases.heartbeat-seconds", "5");
        return shorter;
    }

    /** What an operator does after a killed run: the documented command breaks its leases. */
    private static void breakLeases(String key, String... tables) throws Exception {
        for (String table : tables) {
            brokenLeases.put(table, submitted("break-" + table, "leases", Map.of(), List.of("--break", table), key));
        }
    }

    private static List<String> submitCommand(String stage, Map<String, String> settings, List<String> extra) {
        List<String> args = new ArrayList<>(List.of(
                services.script("submit").toString(),
                stage,
                "--warehouse",
                warehouse,
                "--config",
                services.conf("minio.conf").toString()));
        settings.forEach((setting, value) -> args.addAll(List.of("--set", setting + "=" + value)));
        args.addAll(extra);
        return args;
    }

    private static Map<String, String> submitEnvironment(String stage, String key) {
        // Two of the cluster's four advertised cores: two executors still share each stage's
        // tasks, on a machine of two real cores (all four: three executor JVMs, ~15% slower).
        // train's executor needs the GPUs its task asks for: only the gpu-worker can host it.
        String opts = "--conf spark.ui.enabled=false --conf spark.cores.max=2"
                + (stage.equals("train") ? " --conf spark.executor.resource.gpu.amount=" + GPUS : "");
        return Map.of("SPIRA_SUBJECT_KEY", key, "SPIRA_SPARK_OPTS", opts);
    }

    @Test
    void everyStageExitsZeroWithItsJsonSummaryLast() throws Exception {
        for (Map.Entry<String, Finished> run : runs.entrySet()) {
            Finished finished = run.getValue();
            assertEquals(0, finished.exit(), run.getKey() + ": " + finished.stderr());
            JsonNode summary = summary(run.getKey());
            assertEquals(
                    run.getKey().substring(run.getKey().indexOf('-') + 1),
                    summary.get("stage").asText());
            assertEquals("ok", summary.get("status").asText(), run.getKey());
        }
    }

    @Test
    void anIngestKilledBetweenItsCommitsIsCompletedByTheRunAfterItAndEveryManifestRowIsAccountedFor() throws Exception {
        assertKilledAtItsPoint("ingest");
        // the run after it waited for the dead run's 15 s leases to expire, then took them
        Finished rerun = runs.get("first-ingest");
        assertTrue(rerun.stderr().contains("took the expired lease of table recordings"), rerun.stderr());
        // The killed run committed every accepted recording (one commit); the run after it found
        // them there, counted them as duplicates, and added the rejects and its row of ingest_runs.
        JsonNode ingest = summary("first-ingest");
        assertEquals(batch.manifestRows.size(), ingest.get("listed").asLong());
        assertEquals(0, ingest.get("accepted").asLong(), "no recording twice");
        assertEquals(batch.rejected(), ingest.get("rejected").asLong());
        assertEquals(batch.duplicates + batch.accepted, ingest.get("duplicates").asLong());
        assertEquals(1, table(first, RecordingsTable.NAME).get("version").asLong(), "the killed run's commit");
        assertEquals(
                batch.accepted, table(first, RecordingsTable.NAME).get("rows").asLong());
        assertEquals(1, table(first, IngestRunsTable.NAME).get("rows").asLong());
        assertEquals(
                batch.rejectedAfterFeaturize(),
                JSON.convertValue(table(first, RejectedTable.NAME).get("rows_by_reason"), COUNTS));
    }

    @Test
    void featuresHoldEveryWindowOfTheCleanAndTheNoisyVariant() throws Exception {
        JsonNode features = table(first, FeaturesTable.NAME);
        assertEquals(batch.windows, features.get("rows_by_variant").get("0").asLong(), "clean windows");
        assertEquals(batch.windows, features.get("rows_by_variant").get("1").asLong(), "noisy windows");
    }

    @Test
    void aFeaturizeKilledBetweenItsTwoCommitsIsCompletedByItsRerunAsIfUninterrupted() throws Exception {
        assertKilledAtItsPoint("featurize");
        // One commit holds every window of both variants of every recording, and rejected has no
        // featurize row yet.
        JsonNode features = table(killedFeaturize, FeaturesTable.NAME);
        assertEquals(1, features.get("version").asLong());
        assertEquals(batch.windows, features.get("rows_by_variant").get("0").asLong(), "clean windows");
        assertEquals(batch.windows, features.get("rows_by_variant").get("1").asLong(), "noisy windows");
        assertEquals(
                batch.rejectedByReason,
                JSON.convertValue(table(killedFeaturize, RejectedTable.NAME).get("rows_by_reason"), COUNTS));
        assertLeaseBroken(FeaturesTable.NAME, "featurize");
        assertLeaseBroken(RejectedTable.NAME, "featurize");
        // The rerun featurizes only the recordings with neither features nor a reject: the too short.
        assertTrue(batch.tooShort > 0, "the batch holds recordings shorter than 4 s");
        JsonNode rerun = summary("first-featurize");
        assertEquals(batch.tooShort, rerun.get("recordings").asLong());
        assertEquals(0, rerun.get("rows").asLong(), "no feature row twice");
        assertEquals(batch.tooShort, rerun.get("rejected").asLong(), "too short for 4 s");
        // The tables end as an uninterrupted run leaves them: every window once
        // (featuresHoldEveryWindowOfTheCleanAndTheNoisyVariant, everyTableHasItsDeclaredSchemaAndNoDuplicateKey)
        // and every recording accounted for
        // (anIngestKilledBetweenItsCommitsIsCompletedByTheRunAfterItAndEveryManifestRowIsAccountedFor).
        assertEquals(2, table(first, FeaturesTable.NAME).get("version").asLong(), "the spec property's commit");
    }

    @Test
    void aSplitKilledBeforeItsCommitIsCompletedByTheRunAfterIt() throws Exception {
        assertKilledAtItsPoint("split");
        assertLeaseBroken(SplitsTable.NAME, "split");
        // the run after it split every subject, in the table's one commit
        // (ofTwoSplitsStartedAtOnceOneWritesTheTableOnceAndTheOtherExitsFourNamingTheHolder)
        assertEquals(
                batch.acceptedSubjects.size(),
                summary("first-split").get("new_subjects").asLong());
        assertEquals(
                batch.acceptedSubjects.size(),
                table(first, SplitsTable.NAME).get("rows").asLong());
    }

    @Test
    void aTrainKilledInItsSecondEpochAndResumedEndsWithTheParametersOfTheUninterruptedOne() throws Exception {
        assertKilledAtItsPoint("train");
        JsonNode resumed = summary("resumed-train");
        JsonNode straight = summary("model-train");
        assertEquals(killedTrainRun, resumed.get("run_id").asText(), "the killed run, continued");
        assertTrue(resumed.get("resumed").asBoolean(), resumed.toString());
        assertEquals(2, resumed.get("model_version").asInt());
        assertEquals(straight.get("tables"), resumed.get("tables"), "the same table versions");
        assertEquals(
                "FINISHED",
                mlflow.run(killedTrainRun).path("info").path("status").asText());
        // the resume trained the second epoch only: its training task's log, on the gpu-worker
        String app = applicationOf(runs.get("resumed-train"));
        List<String> trainingLogs = new ArrayList<>();
        for (Path log : executorLogs) {
            String text = Files.readString(log);
            if (log.toString().contains("/" + app + "/") && text.contains("training task on executor")) {
                trainingLogs.add(text);
            }
        }
        assertEquals(1, trainingLogs.size(), "the resume's one training task");
        assertTrue(trainingLogs.get(0).contains("epoch 1: train loss"), "it trained the second epoch");
        assertFalse(trainingLogs.get(0).contains("epoch 0: train loss"), "and not the first again");
        String last = "checkpoints/epoch-000001/model.zip";
        float[] uninterrupted = checkpointParams(straight.get("run_id").asText(), last);
        float[] continued = checkpointParams(killedTrainRun, last);
        assertEquals(691_613, uninterrupted.length);
        org.junit.jupiter.api.Assertions.assertArrayEquals(
                uninterrupted, continued, 1e-6f, "resumed = uninterrupted, parameter by parameter");
    }

    private static float[] checkpointParams(String runId, String path) throws Exception {
        String artifacts = mlflow.run(runId).path("info").path("artifact_uri").asText();
        return org.spira.model.train.CheckpointCodec.model(mlflow.artifact(artifacts, path))
                .params()
                .toFloatVector();
    }

    /**
     * The stage's killed run: its driver's JVM, killed at its point and before its next commit,
     * printed no summary, and its lineage events end at the stage run's START.
     */
    private static void assertKilledAtItsPoint(String stage) throws IOException {
        Killed run = killed.get(stage);
        assertTrue(
                run.atPoint(),
                stage + " ended before the point it was to be killed at: "
                        + run.run().stderr());
        assertTrue(run.driver().endsWith("/java"), "the driver's JVM was killed: " + run.driver());
        assertEquals(128 + 9, run.run().exit(), "SIGKILL: " + run.run().stderr());
        assertFalse(run.run().stdout().contains("\"stage\""), "a killed driver prints no summary");
        assertFalse(run.nextCommitLanded(), stage + "'s next commit landed before the kill");
        assertEquals(
                List.of("START"),
                StageRunEvents.of(run.run().stderr()).own().stream()
                        .map(e -> e.path("eventType").asText())
                        .toList(),
                stage + ": a killed run's events");
    }

    private static void assertLeaseBroken(String table, String stage) {
        Finished broke = brokenLeases.get(table);
        assertEquals(0, broke.exit(), broke.stderr());
        assertTrue(broke.lastLine().startsWith("broke the lease of "), broke.lastLine());
        assertTrue(broke.lastLine().contains("stage " + stage), broke.lastLine());
    }

    @Test
    void aFeaturizeWhoseObjectStoreStopsExitsOneNamingItAndCommitsNothing() throws Exception {
        Stopped run = assertFailedNamingTheStoppedService(
                "featurize", "the object store at ", "(the local MinIO: bin/services start minio)");
        assertTrue(run.committedNothing(), "neither features nor rejected has a new commit");
        // the run after it (killed-featurize, then first-featurize) completes the stage as if
        // uninterrupted: featuresHoldEveryWindowOfTheCleanAndTheNoisyVariant and
        // aFeaturizeKilledBetweenItsTwoCommitsIsCompletedByItsRerunAsIfUninterrupted
        assertTrue(
                killed.get("featurize").run().stderr().contains("took the expired lease of table features"),
                "the stopped run's leases expired: it could not release them");
    }

    @Test
    void aTrainWhoseTrackingServerStopsExitsOneNamingItAndItsRetryTrainsTheUninterruptedParameters() throws Exception {
        Stopped run = assertFailedNamingTheStoppedService(
                "train", "the MLflow tracking server at ", "start it (bin/services start mlflow)");
        assertTrue(run.committedNothing(), "the second epoch's checkpoint was not stored");
        // its run could not be ended while MLflow was down: the next run that swept stale runs
        // (model-score, spira.tracking.stale-run-after-s=10) ended it
        assertEquals(
                "KILLED", mlflow.run(cutOffTrainRun).path("info").path("status").asText(), cutOffTrainRun);
        JsonNode retry = summary("retried-train");
        JsonNode straight = summary("model-train");
        assertEquals(3, retry.get("model_version").asInt(), "the failed run registered nothing");
        assertEquals(straight.get("tables"), retry.get("tables"));
        String last = "checkpoints/epoch-000001/model.zip";
        org.junit.jupiter.api.Assertions.assertArrayEquals(
                checkpointParams(straight.get("run_id").asText(), last),
                checkpointParams(retry.get("run_id").asText(), last),
                1e-6f,
                "retried = uninterrupted, parameter by parameter");
    }

    /**
     * The stage's run during which a service was stopped: stopped at its point, it exited 1 with a
     * summary and a line naming the service (first), that it stopped while the stage ran, and the fix.
     */
    private static Stopped assertFailedNamingTheStoppedService(String stage, String service, String fix) {
        Stopped run = stopped.get(stage);
        assertTrue(
                run.atPoint(),
                stage + " ended before " + run.service() + " was stopped: "
                        + run.run().stderr());
        assertEquals(1, run.run().exit(), run.run().stderr());
        String error = "\"error\":\"" + service;
        assertTrue(
                run.run().lastLine().startsWith("{\"stage\":\"" + stage + "\",\"status\":\"failed\",\"exit_code\":1,")
                        && run.run().lastLine().contains(error),
                run.run().lastLine());
        assertTrue(
                run.run().lastLine().contains(" stopped answering while " + stage + " ran "),
                run.run().lastLine());
        assertTrue(run.run().stderr().contains("failed: " + service), run.run().stderr());
        assertTrue(run.run().stderr().contains(fix), run.run().stderr());
        return run;
    }

    @Test
    void ofTwoSplitsStartedAtOnceOneWritesTheTableOnceAndTheOtherExitsFourNamingTheHolder() throws Exception {
        assertEquals(0, runs.get("first-split").exit(), runs.get("first-split").stderr());
        assertEquals(4, rivalSplit.exit(), "the rival must find the lease taken: " + rivalSplit.stderr());
        JsonNode busy = JSON.readTree(rivalSplit.lastLine());
        assertEquals("busy", busy.get("status").asText());
        assertEquals(4, busy.get("exit_code").asInt());
        String error = busy.get("error").asText();
        assertTrue(
                error.startsWith("the table splits of " + warehouse + " is being written by another run (stage split,"),
                error);
        assertTrue(error.contains("bin/submit leases --warehouse " + warehouse + " --break splits"), error);
        assertTrue(rivalSplit.stderr().contains("busy: the table splits"), rivalSplit.stderr());
        assertFalse(rivalSplit.stderr().contains("spira-split: Spark application"), "the rival started no Spark");
        assertNoSubjectId("the rival split's stdout", rivalSplit.stdout());
        assertNoSubjectId("the rival split's stderr", rivalSplit.stderr());
        // splits as one run writes it: created (version 0), one MERGE (version 1), no key twice
        JsonNode splits = table(first, SplitsTable.NAME);
        assertEquals(1, splits.get("version").asLong());
        assertEquals(batch.acceptedSubjects.size(), splits.get("rows").asLong());
        assertEquals(splits.get("rows").asLong(), splits.get("distinct_keys").asLong());
    }

    @Test
    void everyStageReleasedItsLeasesAndTheLeasesCommandListsThem() {
        assertEquals(0, leases.exit(), leases.stderr());
        List<String> lines = leases.stdout().strip().lines().toList();
        List<String> tables = List.of(
                FeatureStatsTable.NAME,
                FeaturesTable.NAME,
                IngestRunsTable.NAME,
                PredictionsTable.NAME,
                RecordingsTable.NAME,
                RejectedTable.NAME,
                SplitsTable.NAME,
                TrainingMembershipTable.NAME);
        assertEquals(tables.size(), lines.size(), leases.stdout());
        for (int i = 0; i < tables.size(); i++) {
            assertTrue(lines.get(i).startsWith(tables.get(i) + " released: stage "), lines.get(i));
            assertTrue(lines.get(i).contains("Spark application app-"), lines.get(i));
        }
    }

    @Test
    void validateFindsNoNewDataForTheChampionAndRecordsItsPassInMlflow() throws Exception {
        JsonNode validate = summary("model-validate");
        assertEquals(1, validate.get("model_version").asInt(), validate.toString());
        assertTrue(validate.get("passed").asBoolean(), validate.toString());
        assertEquals(
                0,
                validate.get("new_recordings").asLong(),
                "nothing was featurized with the champion's feature version since its training");
        assertEquals(0, validate.get("failures").size(), validate.toString());
        JsonNode version = mlflow.rest(
                        "model-versions/get", Map.of("name", mlflow.config.registeredModel(), "version", "1"))
                .path("model_version");
        Map<String, String> tags = entries(version.path("tags"));
        assertEquals(validate.get("run_id").asText(), tags.get("spira.validate.run_id"));
        assertEquals("true", tags.get("spira.validate.passed"));
        JsonNode run = mlflow.run(validate.get("run_id").asText());
        assertEquals("validate", run.path("info").path("run_name").asText());
        assertEquals("FINISHED", run.path("info").path("status").asText());
    }

    @Test
    void forgetErasesATrainingSubjectFromEveryTableAndTagsEveryVersionThatLearnedFromIt() throws Exception {
        JsonNode summary = summary("model-forget");
        assertEquals(1, summary.get("subjects_requested").asLong());
        assertEquals(1, summary.get("subjects_found").asLong());
        long recordings = summary.get("recordings").asLong();
        assertTrue(recordings > 0, summary.toString());
        assertEquals(recordings, summary.get("audio_objects_deleted").asLong());
        assertEquals(
                recordings,
                summary.get("rows_deleted").get(RecordingsTable.NAME).asLong());
        String model = mlflow.config.registeredModel();
        assertEquals(
                List.of(model + "/1", model + "/2", model + "/3"),
                JSON.convertValue(summary.get("model_versions"), List.class),
                "every version learned from the training subject");
        for (String table :
                List.of(RecordingsTable.NAME, FeaturesTable.NAME, SplitsTable.NAME, TrainingMembershipTable.NAME)) {
            assertEquals(0, afterForget.get(table).asLong(), table + " rows of the erased subject (delta-rs)");
        }
        for (int version = 1; version <= 3; version++) {
            Map<String, String> tags = entries(
                    mlflow.rest("model-versions/get", Map.of("name", model, "version", Integer.toString(version)))
                            .path("model_version")
                            .path("tags"));
            String pending = tags.getOrDefault(ForgetJob.TAG_PENDING_RETRAIN, "");
            assertTrue(pending.contains(summary.get("erasure_run_id").asText()), version + ": " + tags);
        }
        assertFalse(summary.toString().contains(erasedKey), "no subject key in the summary");
    }

    @Test
    void everyTableHasItsDeclaredSchemaAndNoDuplicateKey() {
        SCHEMAS.forEach((name, schema) -> {
            JsonNode table = table(first, name);
            assertEquals(List.of(schema.fieldNames()), JSON.convertValue(table.get("fields"), List.class), name);
            assertEquals(table.get("rows").asLong(), table.get("distinct_keys").asLong(), name + " keys");
        });
    }

    @Test
    void trainReadsThePinnedTablesAndRecordsItsLineageInMlflow() throws Exception {
        JsonNode train = summary("model-train");
        assertEquals(1, train.get("model_version").asInt(), train.toString());
        assertEquals(691_613, train.get("num_params").asLong());
        for (String name : List.of(FeaturesTable.NAME, RecordingsTable.NAME, SplitsTable.NAME)) {
            assertEquals(
                    table(first, name).get("version").asLong(),
                    train.get("tables").get(name).asLong(),
                    name + " version trained on, as delta-rs reads it");
        }
        JsonNode run = mlflow.run(train.get("run_id").asText());
        assertEquals("FINISHED", run.path("info").path("status").asText());
        Map<String, String> tags = entries(run.path("data").path("tags"));
        assertEquals(warehouse + "/" + FeaturesTable.NAME, tags.get("spira.features.table"));
        assertEquals(train.get("tables").get(FeaturesTable.NAME).asText(), tags.get("spira.features.version"));
        assertEquals(train.get("feature_version").asText(), tags.get("spira.feature_spec.hash"));
        assertTrue(tags.get("spira.spark.app_id").startsWith("app-"), "a cluster application: " + tags);
        assertEquals("691613", entries(run.path("data").path("params")).get("model.num_params"));
        List<String> metrics = new ArrayList<>();
        run.path("data").path("metrics").forEach(m -> metrics.add(m.path("key").asText()));
        assertTrue(metrics.containsAll(List.of("train_loss", "val_loss")), metrics.toString());
        assertEquals(3, run.path("inputs").path("dataset_inputs").size(), "features, recordings, splits");
    }

    @Test
    void trainRunsInATaskOnTheGpuWorkersExecutorWithTheGpusItAskedFor() throws Exception {
        JsonNode train = summary("model-train");
        assertEquals("executor", train.get("placement").asText());
        assertTrue(
                train.get("trained_on").asText().matches("executor \\d+ on 127\\.0\\.0\\.1, task \\d+"),
                train.toString());
        assertEquals("0,1", train.get("gpu_addresses").asText());
        Map<String, String> params =
                entries(mlflow.run(train.get("run_id").asText()).path("data").path("params"));
        assertEquals(train.get("trained_on").asText(), params.get("train.trained_on"));
        assertEquals("0,1", params.get("train.gpu_addresses"));
        assertEquals("2", params.get("spira.train.gpus"));
        assertEquals("2", params.get("train.workers"), "one ParallelWrapper worker per GPU");
        assertEquals("1", params.get("train.threads_per_worker"), "2 cores shared by 2 workers");
        assertEquals("cpu", params.get("train.backend"));
        List<Path> trainingLogs = new ArrayList<>();
        for (Path log : executorLogs) {
            String text = Files.readString(log);
            if (text.contains("training task on executor")) {
                trainingLogs.add(log);
                assertTrue(text.contains("assigned 2 core(s) and GPU addresses [0, 1]"), log.toString());
                assertTrue(text.contains("training falls back to the CPU backend"), log.toString());
                // the train MLflow was stopped under stores its first checkpoint (which stops the
                // server) before it logs the epoch: its epoch line may be cut off by the tracking
                // failure; that it trained is its checkpoint, which its own test checks
                assertTrue(
                        text.matches("(?s).*epoch \\d: train loss.*")
                                || text.contains("cannot reach the MLflow tracking server"),
                        "the executor trained: " + log);
            }
        }
        assertEquals(
                5,
                trainingLogs.size(),
                "model-train's, the killed train's, its resume's, the one MLflow was stopped under and its retry's: "
                        + trainingLogs);
        for (Path log : trainingLogs) {
            assertTrue(log.toString().contains("gpu-worker/work/app-"), trainingLogs.toString());
        }
        assertFalse(runs.get("model-train").stderr().contains("epoch 0: train loss"), "the driver did not train");
    }

    @Test
    void evaluatePromotesTheFirstVersionAndLineageFollowsTheAliasBackToTheRecordings() throws Exception {
        JsonNode evaluate = summary("model-evaluate");
        assertEquals(1, evaluate.get("model_version").asInt());
        assertEquals("promoted", evaluate.get("promotion").get("decision").asText(), evaluate.toString());
        JsonNode alias = mlflow.rest(
                "registered-models/alias", Map.of("name", mlflow.config.registeredModel(), "alias", "champion"));
        assertEquals("1", alias.path("model_version").path("version").asText(), alias.toString());

        JsonNode lineage = summary("model-lineage");
        assertEquals(1, lineage.get("model_version").asInt());
        assertEquals(
                summary("model-train").get("run_id").asText(),
                lineage.get("train_run_id").asText());
        assertEquals("FINISHED", lineage.get("train_run_status").asText());
        Map<String, Long> learned = JSON.convertValue(afterModel.get("learned_recordings"), COUNTS);
        long expected = learned.values().stream().mapToLong(Long::longValue).sum();
        assertTrue(expected > 0, "delta-rs finds train and validation recordings: " + afterModel);
        assertEquals(expected, lineage.get("audio_objects").asLong(), lineage.toString());
    }

    @Test
    void scoreAccountsForEveryRecordingAndRejectsTheOneWhoseAudioIsLost() throws Exception {
        // model-score is the run after a score killed between its commits of predictions and
        // rejected: the killed run predicted every scorable recording, this one found them scored
        // and rejected the rest.
        assertKilledAtItsPoint("score");
        assertTrue(
                runs.get("model-score").stderr().contains("took the expired lease of table predictions"),
                "the dead run's 15 s leases expired");
        JsonNode score = summary("model-score");
        JsonNode train = summary("model-train");
        assertEquals(1, score.get("model_version").asInt());
        assertEquals(
                train.get("feature_version").asText(),
                score.get("feature_version").asText());
        long scorable = batch.accepted - batch.tooShort - 1;
        assertEquals(batch.accepted, score.get("considered").asLong());
        assertEquals(scorable, score.get("already_scored").asLong(), "the killed run's predictions");
        assertEquals(0, score.get("scored").asLong(), "no prediction twice");
        assertEquals(
                Map.of("too_short", batch.tooShort, "unreadable", 1L),
                JSON.convertValue(score.get("rejected_by_reason"), COUNTS));
        Map<String, Long> predicted = JSON.convertValue(score.get("predicted"), COUNTS);
        assertEquals(
                score.get("scored").asLong(),
                predicted.values().stream().mapToLong(Long::longValue).sum());
        Map<String, JsonNode> predictions = scored;
        assertEquals(scorable, predictions.size(), "rows of this version, read by delta-rs");
        assertFalse(predictions.containsKey(lost.get("recording_id").asText()));
        // The predictions name the killed run, which the run after it ended KILLED in MLflow: its
        // heartbeat was older than the 10 s that run allowed.
        Set<String> writers = new TreeSet<>();
        predictions
                .values()
                .forEach(row ->
                        writers.add(row.get(PredictionsTable.SCORE_RUN_ID).asText()));
        assertEquals(1, writers.size(), writers.toString());
        String killedRun = writers.iterator().next();
        assertFalse(killedRun.equals(score.get("run_id").asText()));
        assertEquals("KILLED", mlflow.run(killedRun).path("info").path("status").asText(), killedRun);
        JsonNode rejects = services.query(
                dir.resolve("logs"),
                warehouse,
                Map.of(
                        RejectedTable.NAME,
                        List.of(
                                RejectedTable.RECORDING_ID,
                                RejectedTable.STAGE,
                                RejectedTable.REASON,
                                RejectedTable.RUN_ID)),
                "SELECT * FROM rejected WHERE stage = 'score'");
        assertEquals(1, rejects.size(), rejects.toString());
        assertEquals(
                lost.get("recording_id").asText(),
                rejects.get(0).get("recording_id").asText());
        assertEquals("unreadable", rejects.get(0).get("reason").asText());
        assertEquals(score.get("run_id").asText(), rejects.get(0).get("run_id").asText());
        JsonNode table = table(afterModel, PredictionsTable.NAME);
        assertEquals(
                List.of(PredictionsTable.CONTRACT.schema().fieldNames()),
                JSON.convertValue(table.get("fields"), List.class));
        assertEquals(table.get("rows").asLong(), table.get("distinct_keys").asLong());
        assertEquals(
                table.get("version").asLong(),
                score.get("tables").get(PredictionsTable.NAME).asLong());
        assertEquals(
                predictions.size(),
                summary("model-lineage").get("scored_recordings").asLong());
    }

    @Test
    void aRerunOfScoreAddsNothingAndWritesNoVersion() throws Exception {
        JsonNode first = summary("model-score");
        JsonNode rerun = summary("rerun-score");
        assertEquals(0, rerun.get("scored").asLong());
        assertEquals(
                first.get("already_scored").asLong() + first.get("scored").asLong(),
                rerun.get("already_scored").asLong());
        assertEquals(first.get("rejected").asLong(), rerun.get("rejected").asLong(), "found again, not written again");
        assertEquals(first.get("tables"), rerun.get("tables"), "no table version moved");
    }

    /**
     * Train/serve parity: score featurizes the audio objects again with the model's stored spec,
     * while the configured spec (and the table's newest feature version) is a 3 s one; evaluate
     * scored the stored 4 s windows the model was tested on. Each test recording must get the same
     * probability from both.
     */
    @Test
    void scoreGivesEveryTestRecordingTheProbabilityEvaluateGaveIt() throws Exception {
        String modelFeatures = summary("model-train").get("feature_version").asText();
        String configured = summary("spec3s-featurize").get("feature_version").asText();
        assertFalse(modelFeatures.equals(configured), "the configured spec is not the model's");
        assertTrue(summary("spec3s-featurize").get("rows").asLong() > 0, "the table holds the 3 s windows too");
        JsonNode run = mlflow.run(summary("model-evaluate").get("run_id").asText());
        List<String> lines = new String(
                        mlflow.artifact(run.path("info").path("artifact_uri").asText(), "predictions/clean.csv"),
                        java.nio.charset.StandardCharsets.UTF_8)
                .lines()
                .toList();
        Map<String, JsonNode> predictions = scored;
        assertTrue(lines.size() > 1, "evaluate scored test recordings");
        double largest = 0;
        for (String line : lines.subList(1, lines.size())) {
            String[] fields = line.split(",");
            JsonNode scored = predictions.get(fields[0]);
            assertEquals(modelFeatures, scored.get("feature_version").asText());
            assertEquals(Integer.parseInt(fields[2]), scored.get("windows").asInt(), "windows of " + fields[0]);
            assertEquals(
                    Integer.parseInt(fields[4]), scored.get("predicted_label").asInt());
            largest = Math.max(
                    largest,
                    Math.abs(Double.parseDouble(fields[3])
                            - scored.get("probability").asDouble()));
        }
        System.out.printf(
                java.util.Locale.ROOT,
                "parity: %d test recordings, largest |score - evaluate| = %.3g%n",
                lines.size() - 1,
                largest);
        assertTrue(largest <= 1e-6, "largest |score - evaluate| = " + largest);
    }

    @Test
    void spiraPredictGivesTheLandingFilesTheProbabilitiesScoreGaveTheirAudio() throws Exception {
        assertEquals(3, predict.exit(), "some landing files are too short or damaged: " + predict.stderr());
        Map<String, JsonNode> predictions = scored;
        int compared = 0;
        int lostScoredLocally = 0;
        double largest = 0;
        Map<String, Long> rejected = new TreeMap<>();
        for (String text : predict.stdout().lines().toList()) {
            JsonNode line = JSON.readTree(text);
            if (line.get("status").asText().equals("rejected")) {
                rejected.merge(line.get("reason").asText(), 1L, Long::sum);
                continue;
            }
            JsonNode scored = predictions.get(line.get("recording_id").asText());
            if (scored == null) {
                assertEquals(
                        lost.get("recording_id").asText(),
                        line.get("recording_id").asText());
                lostScoredLocally++;
                continue;
            }
            largest = Math.max(
                    largest,
                    Math.abs(scored.get("probability").asDouble()
                            - line.get("probability").asDouble()));
            assertEquals(
                    scored.get("predicted_label").asInt(),
                    line.get("predicted_label").asInt());
            assertEquals(scored.get("windows").asInt(), line.get("windows").asInt());
            compared++;
        }
        System.out.printf(
                java.util.Locale.ROOT,
                "spira-predict: %d files in %.1f s, %d compared with score, largest difference %.3g%n",
                predict.stdout().lines().count(),
                predictSeconds,
                compared,
                largest);
        assertTrue(largest <= 1e-6, "largest |spira-predict - score| = " + largest);
        assertEquals(predictions.size(), compared, "every prediction of score has its file");
        assertEquals(1, lostScoredLocally, "the file whose audio object was lost is scored locally");
        assertEquals(Map.of("not_audio", 1L, "too_short", batch.tooShort), rejected);
    }

    @Test
    void theScoreRunRecordsTheModelTheTablesItReadAndThePredictionsItWrote() throws Exception {
        JsonNode score = summary("model-score");
        JsonNode run = mlflow.run(score.get("run_id").asText());
        assertEquals("FINISHED", run.path("info").path("status").asText());
        Map<String, String> tags = entries(run.path("data").path("tags"));
        assertEquals(mlflow.config.registeredModel(), tags.get("spira.model.name"));
        assertEquals("1", tags.get("spira.model.version"));
        assertEquals(score.get("tables").get(RecordingsTable.NAME).asText(), tags.get("spira.recordings.version"));
        assertEquals(score.get("tables").get(PredictionsTable.NAME).asText(), tags.get("spira.predictions.version"));
        List<String> outputs = new ArrayList<>();
        run.path("inputs").path("dataset_inputs").forEach(input -> {
            if (input.path("tags").path(0).path("value").asText().equals("output")) {
                outputs.add(input.path("dataset").path("name").asText());
            }
        });
        assertEquals(
                List.of(PredictionsTable.NAME, RejectedTable.NAME),
                outputs.stream().sorted().toList());
    }

    @Test
    void noClearSubjectIdInAnyWarehouseObject() {
        assertTrue(afterModel.get("objects_scanned").asLong() > batch.accepted, "the scan saw the warehouse");
        // The last forbidden line is a canary that must be found: the prefix, part of manifest_uri.
        int canary = batch.subjectIds.size();
        boolean canaryFound = false;
        for (JsonNode hit : afterModel.get("objects_with_forbidden_strings")) {
            assertEquals(List.of(canary), JSON.convertValue(hit.get("lines"), List.class), hit.toString());
            canaryFound = true;
        }
        assertTrue(canaryFound, "the scan finds a string that is in the tables");
    }

    @Test
    void noClearSubjectIdInTheMlflowRunsOrTheirArtifacts() throws Exception {
        JsonNode experiment =
                mlflow.rest("experiments/get-by-name", Map.of("experiment_name", mlflow.config.experiment()));
        String id = experiment.path("experiment").path("experiment_id").asText();
        Path forbidden = Files.write(dir.resolve("subjects.txt"), batch.subjectIds);
        String artifacts = mlflow.environment.getOrDefault("SPIRA_MLFLOW_ARTIFACTS", "s3://spira-mlflow/artifacts");
        Finished scan = services.warehouseTool(
                dir.resolve("logs"), "scan", artifacts.replaceFirst("^s3:", "s3a:") + "/" + id, forbidden.toString());
        assertEquals(0, scan.exit(), scan.stderr());
        JsonNode found = JSON.readTree(scan.lastLine());
        assertTrue(found.get("objects_scanned").asLong() >= 4, "model, spec, config and reports: " + found);
        assertEquals(0, found.get("objects_with_forbidden_strings").size(), found.toString());
        for (String stage : List.of("model-train", "model-evaluate", "model-score")) {
            assertNoSubjectId(
                    stage + " run",
                    mlflow.run(summary(stage).get("run_id").asText()).toString());
        }
    }

    @Test
    void noClearSubjectIdInTheDriversOrExecutorsLogs() throws Exception {
        for (Map.Entry<String, Finished> run : runs.entrySet()) {
            assertNoSubjectId(run.getKey() + " driver stdout", run.getValue().stdout());
            assertNoSubjectId(run.getKey() + " driver stderr", run.getValue().stderr());
        }
        for (Map.Entry<String, Killed> run : killed.entrySet()) {
            assertNoSubjectId(
                    "killed " + run.getKey() + " driver stderr",
                    run.getValue().run().stderr());
        }
        for (Map.Entry<String, Stopped> run : stopped.entrySet()) {
            assertNoSubjectId(
                    run.getValue().service() + "-stopped " + run.getKey() + " driver stdout",
                    run.getValue().run().stdout());
            assertNoSubjectId(
                    run.getValue().service() + "-stopped " + run.getKey() + " driver stderr",
                    run.getValue().run().stderr());
        }
        int submits = DATA_STAGES.size() + MODEL_RUNS.size();
        assertTrue(executorLogs.size() >= 2 * submits, "executor logs of every run: " + executorLogs);
        long withTasks = 0;
        for (Path log : executorLogs) {
            String text = Files.readString(log);
            assertNoSubjectId(log.toString(), text);
            withTasks += text.contains("Finished task") ? 1 : 0;
        }
        assertTrue(withTasks >= submits, "the logs are the executors' own: they list finished tasks");
    }

    @Test
    void everyStageRunsLineageEventNamesItsDeltaTablesAtTheVersionsItReadAndWrote() throws Exception {
        for (Map.Entry<String, Finished> run : runs.entrySet()) {
            String stage = run.getKey().substring(run.getKey().indexOf('-') + 1);
            StageRunEvents events = StageRunEvents.of(run.getValue().stderr());
            assertEquals(
                    List.of("START", "COMPLETE"),
                    events.own().stream().map(e -> e.path("eventType").asText()).toList(),
                    run.getKey());
            assertEquals(
                    "spira", events.completed().path("job").path("namespace").asText());
            assertEquals(stage, events.completed().path("job").path("name").asText());
            Map<String, String> inputs = events.datasets("inputs");
            Map<String, String> outputs = events.datasets("outputs");
            assertEquals(datasets(READS.get(stage)), inputs.keySet(), run.getKey() + " inputs");
            // forget writes the tables it erased rows from: those its summary names
            List<String> written = stage.equals("forget")
                    ? List.copyOf(JSON.convertValue(summary(run.getKey()).get("tables"), Map.class)
                            .keySet())
                    : WRITES.get(stage);
            assertEquals(datasets(written), outputs.keySet(), run.getKey() + " outputs");
            Map<String, String> all = new TreeMap<>(inputs);
            all.putAll(outputs);
            summary(run.getKey())
                    .get("tables")
                    .fields()
                    .forEachRemaining(table -> assertEquals(
                            table.getValue().asText(),
                            all.get(dataset(table.getKey())),
                            run.getKey() + ": " + table.getKey() + "'s version as the summary has it"));
        }
        // The tables no summary names, as delta-rs reads them after the data stages.
        assertEquals(
                table(first, IngestRunsTable.NAME).get("version").asText(),
                StageRunEvents.of(runs.get("first-ingest").stderr())
                        .datasets("outputs")
                        .get(dataset(IngestRunsTable.NAME)));
        assertEquals(
                table(first, RejectedTable.NAME).get("version").asText(),
                StageRunEvents.of(runs.get("first-featurize").stderr())
                        .datasets("outputs")
                        .get(dataset(RejectedTable.NAME)));
    }

    @Test
    void theSparkIntegrationsEventsOfEveryStageRunSitUnderItAndNameTheTablesItWrote() throws Exception {
        for (Map.Entry<String, Finished> run : runs.entrySet()) {
            StageRunEvents events = StageRunEvents.of(run.getValue().stderr());
            assertFalse(events.spark().isEmpty(), run.getKey() + ": the Spark integration's events");
            for (JsonNode event : events.spark()) {
                JsonNode parent = event.path("run").path("facets").path("parent");
                assertTrue(event.path("producer").asText().contains("/integration/spark"), event.toString());
                assertTrue(
                        events.runId().equals(parent.path("run").path("runId").asText())
                                || events.runId()
                                        .equals(parent.path("root")
                                                .path("run")
                                                .path("runId")
                                                .asText()),
                        run.getKey() + ": the stage run is the parent or root of " + event);
            }
        }
        // The tables runs wrote to: the integration names each. (recordings and predictions were
        // committed by the killed ingest and score; the runs after them found nothing to add.)
        Map<String, List<String>> written = Map.of(
                "first-ingest", List.of(RejectedTable.NAME, IngestRunsTable.NAME),
                "first-featurize", WRITES.get("featurize"),
                "first-split", WRITES.get("split"),
                "model-score", List.of(RejectedTable.NAME));
        for (Map.Entry<String, List<String>> run : written.entrySet()) {
            StageRunEvents events = StageRunEvents.of(runs.get(run.getKey()).stderr());
            assertTrue(
                    events.sparkDatasets("outputs").containsAll(datasets(run.getValue())),
                    run.getKey() + ": " + events.sparkDatasets("outputs"));
        }
    }

    @Test
    void theTrainEvaluateAndScoreRunsLineageEventsLinkToTheirMlflowRuns() throws Exception {
        for (String run : List.of("model-train", "model-evaluate", "model-score")) {
            JsonNode facet = StageRunEvents.of(runs.get(run).stderr())
                    .completed()
                    .path("run")
                    .path("facets")
                    .path("mlflow");
            assertEquals(
                    summary(run).get("run_id").asText(), facet.path("runId").asText(), run);
            assertEquals(
                    mlflow.config.experiment(), facet.path("experimentName").asText(), run);
            assertTrue(facet.path("trackingUri").asText().startsWith("http://127.0.0.1:"), facet.toString());
        }
        JsonNode train = StageRunEvents.of(runs.get("model-train").stderr()).completed();
        assertEquals(
                "FINISHED",
                mlflow.run(train.path("run")
                                .path("facets")
                                .path("mlflow")
                                .path("runId")
                                .asText())
                        .path("info")
                        .path("status")
                        .asText(),
                "the linked run is the train run MLflow holds");
    }

    @Test
    void noClearSubjectIdInAnyLineageEvent() throws Exception {
        long scanned = 0;
        for (Map.Entry<String, Finished> run : runs.entrySet()) {
            String text =
                    Files.readString(StageRunEvents.of(run.getValue().stderr()).file());
            assertNoSubjectId(run.getKey() + " lineage events", text);
            assertTrue(text.contains(prefix), "the events name the warehouse: the scan reads them");
            scanned += text.length();
        }
        System.out.printf(
                java.util.Locale.ROOT, "lineage events: %d runs, %d characters scanned%n", runs.size(), scanned);
    }

    /** Namespace and name of the tables, as OpenLineage names their locations. */
    private static Set<String> datasets(List<String> tables) {
        Set<String> datasets = new TreeSet<>();
        tables.forEach(table -> datasets.add(dataset(table)));
        return datasets;
    }

    /** The OpenLineage naming of {@code <warehouse>/<table>}: s3a:// locations are in the namespace s3://bucket. */
    private static String dataset(String table) {
        java.net.URI location = java.net.URI.create(warehouse + "/" + table);
        return "s3://" + location.getHost() + " " + location.getPath().substring(1);
    }

    private static void assertNoSubjectId(String where, String text) {
        for (String id : batch.subjectIds) {
            assertFalse(text.contains(id), where + " contains a subject id");
        }
    }

    private static JsonNode summary(String run) throws IOException {
        return JSON.readTree(runs.get(run).lastLine());
    }

    private static JsonNode table(JsonNode facts, String name) {
        return facts.get("tables").get(name);
    }

    private static Map<String, String> entries(JsonNode keyValues) {
        Map<String, String> entries = new TreeMap<>();
        keyValues.forEach(entry ->
                entries.put(entry.path("key").asText(), entry.path("value").asText()));
        return entries;
    }

    /** The tables' facts; {@code scored}: with predictions, and the learned recordings of the model's feature version. */
    /** The warehouse's tables read back (only those named in {@code only}, when some are). */
    private static JsonNode inspect(boolean scored, String... only) throws Exception {
        Map<String, List<String>> keys = new TreeMap<>(Map.of(
                RecordingsTable.NAME, RecordingsTable.CONTRACT.key(),
                RejectedTable.NAME, RejectedTable.CONTRACT.key(),
                IngestRunsTable.NAME, IngestRunsTable.CONTRACT.key(),
                FeaturesTable.NAME, FeaturesTable.CONTRACT.key(),
                SplitsTable.NAME, SplitsTable.CONTRACT.key()));
        if (only.length > 0) {
            keys.keySet().retainAll(List.of(only));
        }
        Map<String, Object> request = new TreeMap<>();
        if (scored) {
            keys.put(PredictionsTable.NAME, PredictionsTable.CONTRACT.key());
            request.put(
                    "feature_version",
                    summary("model-train").get("feature_version").asText());
        }
        request.put("tables", keys);
        Path spec = Files.writeString(dir.resolve("spec.json"), JSON.writeValueAsString(request));
        List<String> forbidden = new ArrayList<>(batch.subjectIds);
        forbidden.add(prefix);
        Path forbiddenFile = Files.write(dir.resolve("forbidden.txt"), forbidden);
        Finished inspect = services.warehouseTool(
                dir.resolve("logs"), "inspect", warehouse, spec.toString(), forbiddenFile.toString());
        assertEquals(0, inspect.exit(), inspect.stderr());
        return JSON.readTree(inspect.lastLine());
    }

    /**
     * Deletes from MinIO the audio object of one training recording with clean features: score
     * must reject that recording, and no test recording (the parity set) is lost.
     */
    private static JsonNode loseATrainingRecordingsAudio() throws Exception {
        JsonNode rows = services.query(
                dir.resolve("logs"),
                warehouse,
                Map.of(
                        RecordingsTable.NAME,
                        List.of(RecordingsTable.RECORDING_ID, RecordingsTable.SUBJECT_KEY, RecordingsTable.AUDIO_URI),
                        SplitsTable.NAME,
                        List.of(SplitsTable.SUBJECT_KEY, SplitsTable.SPLIT),
                        FeaturesTable.NAME,
                        List.of(FeaturesTable.RECORDING_ID, FeaturesTable.VARIANT)),
                "SELECT r.recording_id, r.audio_uri FROM recordings r JOIN splits s USING (subject_key)"
                        + " WHERE s.split = 'train' AND r.recording_id IN"
                        + " (SELECT recording_id FROM features WHERE variant = 0) ORDER BY 1 LIMIT 1");
        JsonNode recording = rows.get(0);
        Finished delete = services.warehouseTool(
                dir.resolve("logs"), "delete", recording.get("audio_uri").asText());
        assertEquals(0, delete.exit(), delete.stderr());
        return recording;
    }

    /**
     * spira-predict.jar run with the IT's own java and no Spark on the class path, on every
     * distinct landing file, with the champion from the tracking server.
     */
    private static Finished spiraPredict() throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                services.root().resolve("spark-jobs/target/spira-predict.jar").toString(),
                "--model",
                "models:/" + mlflow.config.registeredModel() + "@champion"));
        batch.manifestRows.stream()
                .map(row -> batch.folder.resolve(row.split(",")[0]).toString())
                .distinct()
                .forEach(command::add);
        return services.run(command, Map.of(), dir.resolve("logs"), "spira-predict");
    }

    /**
     * The executor logs of this test's submits only: their applications are named in the drivers'
     * stderr, so another run sharing the cluster is not counted.
     */
    /**
     * The Spark application of a submit's driver, as the driver names its own ("spira-STAGE: Spark
     * application app-..."; one that waited for a lease names the holder's too, differently).
     */
    private static String applicationOf(Finished run) {
        Matcher app = Pattern.compile("spira-[a-z]+: Spark application (app-\\d+-\\d+)")
                .matcher(run.stderr());
        assertTrue(app.find(), "every submit logs its application id: " + run.stderr());
        return app.group(1);
    }

    private static List<Path> executorLogs() throws IOException {
        Set<String> ours = new HashSet<>();
        List<Finished> submits = new ArrayList<>(runs.values());
        killed.values().forEach(run -> submits.add(run.run()));
        stopped.values().forEach(run -> submits.add(run.run()));
        for (Finished run : submits) {
            ours.add(applicationOf(run));
        }
        assertEquals(submits.size(), ours.size(), "every submit logs its application id");
        List<Path> logs = new ArrayList<>();
        for (Path app : services.applicationDirs()) {
            if (!ours.contains(app.getFileName().toString())) {
                continue;
            }
            try (Stream<Path> files = Files.walk(app)) {
                files.filter(f -> f.getFileName().toString().matches("stdout|stderr"))
                        .forEach(logs::add);
            }
        }
        return logs;
    }
}
