package org.spira.pipeline.evaluate;

import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.io.FileUtils;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.spira.features.dsp.FeatureSpec;
import org.spira.features.spark.VariantPlan;
import org.spira.features.testing.MetadataCsv;
import org.spira.features.testing.SharedData;
import org.spira.model.ModelSpec;
import org.spira.model.SpiraConvNet;
import org.spira.model.train.InMemoryWindowSource;
import org.spira.model.train.LocalCheckpointStore;
import org.spira.model.train.RecordingEntry;
import org.spira.model.train.Trainer;
import org.spira.model.train.TrainerConfig;
import org.spira.model.train.TrainingWindow;
import org.spira.model.train.WindowShape;
import org.spira.pipeline.config.FeaturizeConfig;
import org.spira.pipeline.config.PipelineConfig;
import org.spira.pipeline.config.SplitConfig;
import org.spira.pipeline.config.SubjectPseudonymizer;
import org.spira.pipeline.featurize.FeaturizeJob;
import org.spira.pipeline.ingest.IngestJob;
import org.spira.pipeline.registry.ModelArtifacts;
import org.spira.pipeline.registry.TrainingLineage;
import org.spira.pipeline.split.SplitJob;
import org.spira.pipeline.tables.DeltaStore;
import org.spira.pipeline.tables.FeaturesTable;
import org.spira.pipeline.tables.RecordingsTable;
import org.spira.pipeline.tables.SplitsTable;
import org.spira.pipeline.tracking.ModelRegistry;
import org.spira.pipeline.tracking.ModelVersion;
import org.spira.pipeline.tracking.RunSpec;
import org.spira.pipeline.tracking.Tracker;

/**
 * A small real warehouse and model for the tests of the stages that use a trained model (evaluate,
 * score): shared recordings of 6 control and 3 patient subjects ingested, featurized (controls
 * with one noisy variant of one noise, the noisy-controls condition's variant and seed) and split
 * a third each by subject, and SpiraConvV2 trained on the train split for one epoch. {@link
 * #register} records the model as the train stage does: a run with the {@code model/} files and a
 * version carrying the lineage tags. {@link #shared} builds it once per test JVM: its users add
 * no recordings and delete no audio object, and each registers versions in a registered model of
 * its own.
 */
public final class EvaluationFixture {
    public static final FeatureSpec SPEC = FeatureSpec.spira();
    public static final long NOISE_SEED = 7;
    public static final String NOISE =
            SharedData.root().resolve("noise").toUri().toString();

    private static EvaluationFixture shared;

    public final String warehouse;
    public final List<String> subjectIds;
    /** The ingested audio files, as the manifest lists them. */
    public final List<Path> audioFiles;

    final long recordingsVersion;
    final long featuresVersion;
    final long splitsVersion;
    final byte[] modelZip;

    private EvaluationFixture(
            String warehouse, List<String> subjectIds, List<Path> audioFiles, long[] versions, byte[] modelZip) {
        this.warehouse = warehouse;
        this.subjectIds = subjectIds;
        this.audioFiles = audioFiles;
        this.recordingsVersion = versions[0];
        this.featuresVersion = versions[1];
        this.splitsVersion = versions[2];
        this.modelZip = modelZip;
    }

    /** The fixture of this JVM, built on first use in a temporary folder deleted when the JVM exits. */
    public static synchronized EvaluationFixture shared(SparkSession spark) throws IOException {
        if (shared == null) {
            Path dir = Files.createTempDirectory("spira-evaluation-fixture-");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> FileUtils.deleteQuietly(dir.toFile())));
            shared = build(spark, dir);
        }
        return shared;
    }

    private static EvaluationFixture build(SparkSession spark, Path dir) throws IOException {
        String warehouse = dir.resolve("warehouse").toUri().toString();
        Map<String, String> manifest = manifest();
        Path csv = Files.write(dir.resolve("manifest.csv"), manifest.values());
        SubjectPseudonymizer key = SubjectPseudonymizer.fromEnvironment(
                Map.of(SubjectPseudonymizer.KEY_VARIABLE, "a-test-key-of-32-characters-long"), Optional.empty());
        new IngestJob(spark, PipelineConfig.defaults().ingest(), key)
                .run(warehouse, csv.toUri().toString());
        new FeaturizeJob(
                        spark,
                        new FeaturizeConfig(-1, Optional.of(NOISE), new VariantPlan(1, 0, 1, 1, NOISE_SEED)),
                        SPEC)
                .run(warehouse);
        new SplitJob(spark, new SplitConfig(1 / 3.0, 1 / 3.0, 1 / 3.0, 42)).run(warehouse);
        DeltaStore store = new DeltaStore(spark, warehouse);
        long[] versions = {
            store.version(RecordingsTable.NAME), store.version(FeaturesTable.NAME), store.version(SplitsTable.NAME)
        };
        List<String> subjects = manifest.keySet().stream().skip(1).toList();
        List<Path> audio = manifest.values().stream()
                .skip(1)
                .flatMap(String::lines)
                .map(line -> Path.of(line.substring(0, line.indexOf(','))))
                .toList();
        return new EvaluationFixture(
                warehouse, subjects, audio, versions, train(spark, store, dir.resolve("checkpoints")));
    }

    /** Manifest lines (header first) by subject: counting-fast of 6 controls, two tasks of 3 patients. */
    private static Map<String, String> manifest() {
        Path root = SharedData.root().resolve("public");
        Map<String, String> lines = new LinkedHashMap<>();
        lines.put("", "path,subject_id,label,sex,age,source");
        List<Map<String, String>> rows = new ArrayList<>(MetadataCsv.rows(root.resolve("metadata.csv")));
        rows.sort(Comparator.comparing(row -> row.get("path")));
        int controls = 0;
        for (Map<String, String> row : rows) {
            boolean patient =
                    row.get("label").equals("respiratory") && row.get("source").startsWith("coswara");
            boolean control =
                    row.get("label").equals("control") && controls < 6 && !lines.containsKey(row.get("subject_id"));
            boolean patientTask =
                    row.get("task").equals("counting-fast") || row.get("task").equals("vowel-o");
            if ((control && row.get("task").equals("counting-fast")) || (patient && patientTask)) {
                controls += control ? 1 : 0;
                lines.merge(row.get("subject_id"), line(root, row, patient), (a, b) -> a + "\n" + b);
            }
        }
        return lines;
    }

    private static String line(Path root, Map<String, String> row, boolean patient) {
        return String.join(
                ",",
                root.resolve(row.get("path")).toString(),
                row.get("subject_id"),
                patient ? "patient" : "control",
                row.get("sex"),
                row.get("age"),
                row.get("source"));
    }

    /** SpiraConvV2 (dropout 0.7, seed 42) trained one epoch on the train split, best checkpoint's bytes. */
    private static byte[] train(SparkSession spark, DeltaStore store, Path checkpoints) throws IOException {
        Dataset<Row> splits = store.read(SplitsTable.NAME).select("subject_key", "split");
        List<Row> rows = store.read(FeaturesTable.NAME)
                .join(splits, "subject_key")
                .where(col("split").isin("train", "validation"))
                .select("recording_id", "label", "variant", "window_index", "mfcc", "split")
                .collectAsList();
        List<TrainingWindow> windows = new ArrayList<>();
        List<String> validation = new ArrayList<>();
        for (Row row : rows) {
            List<Float> mfcc = row.getList(4);
            float[] values = new float[mfcc.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = mfcc.get(i);
            }
            windows.add(new TrainingWindow(row.getString(0), row.getInt(1), row.getInt(2), row.getInt(3), values));
            if (row.getString(5).equals("validation")) {
                validation.add(row.getString(0));
            }
        }
        InMemoryWindowSource source = new InMemoryWindowSource(windows);
        List<RecordingEntry> index = source.index();
        LocalCheckpointStore checkpointStore = new LocalCheckpointStore(checkpoints);
        new Trainer(new TrainerConfig(42, 1, 2, 1, 1, 0, WindowShape.SPIRA), source, checkpointStore, report -> {})
                .train(
                        () -> SpiraConvNet.network(ModelSpec.paper()),
                        index.stream()
                                .filter(e -> !validation.contains(e.recordingId()))
                                .toList(),
                        index.stream()
                                .filter(e -> validation.contains(e.recordingId()))
                                .toList());
        MultiLayerNetwork best = checkpointStore.best().orElseThrow().model();
        Path zip = checkpoints.resolve("model.zip");
        ModelSerializer.writeModel(best, zip.toFile(), true);
        return Files.readAllBytes(zip);
    }

    /** The model as a new registered version with the train stage's artifacts and lineage tags. */
    public ModelVersion register(Tracker tracker, Path dir) throws IOException {
        return register(tracker, dir, SPEC);
    }

    /** The same network registered as if trained on features of {@code spec}. */
    public ModelVersion register(Tracker tracker, Path dir, FeatureSpec spec) throws IOException {
        Path model = ModelArtifacts.write(dir.resolve("model"), modelZip, ModelSpec.paper(), spec);
        ModelRegistry registry = tracker.registry();
        return tracker.run(RunSpec.named("train"), run -> {
            run.uploadArtifacts(model, ModelArtifacts.MODEL_DIR);
            return registry.register(run, ModelArtifacts.MODEL_DIR, lineageTags(run.id(), spec));
        });
    }

    private Map<String, String> lineageTags(String runId, FeatureSpec spec) {
        TrainingLineage lineage = new TrainingLineage(
                warehouse.replaceAll("/$", "") + "/" + FeaturesTable.NAME,
                featuresVersion,
                spec.hash(),
                recordingsVersion,
                splitsVersion,
                TrainingLineage.NO_NOISE,
                "unknown",
                "test",
                "test");
        Map<String, String> tags = new LinkedHashMap<>(lineage.tags());
        tags.put(TrainingLineage.TRAIN_RUN_ID, runId);
        return tags;
    }
}
