package org.spira.pipeline.train;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.spira.model.Architecture;
import org.spira.model.ModelSpec;
import org.spira.model.OptimizerSpec;
import org.spira.model.SpiraConvNet;
import org.spira.model.TorchParameters;
import org.spira.model.train.EpochPlan;
import org.spira.model.train.EpochReport;
import org.spira.model.train.LocalCheckpointStore;
import org.spira.model.train.MinibatchAssembler;
import org.spira.model.train.PlannedRecording;
import org.spira.model.train.RecordingEntry;
import org.spira.model.train.Trainer;
import org.spira.model.train.TrainerConfig;
import org.spira.model.train.WindowSource;
import org.spira.pipeline.config.TrainConfig;
import org.spira.pipeline.tables.DeltaStore;
import org.spira.pipeline.tables.SplitsTable;

/**
 * A whole training by the {@link Trainer} beside the PyTorch reference trainer ({@code
 * dl4j-model/src/test/python/spira_reference_trainer.py}): both on the clean windows of one
 * warehouse's features at pinned versions (Deeplearning4j through the train stage's own reading
 * path, PyTorch through delta-rs), from the same initial weights, on the same minibatch plans
 * ({@link EpochPlan}), dropout off. Writes the exchange folder the reference reads, trains, runs
 * the reference and returns both runs.
 */
final class ReferenceComparison {
    static final Path SCRIPT = Path.of("../dl4j-model/src/test/python/spira_reference_trainer.py");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long TIMEOUT_MINUTES = 60;

    /**
     * One framework's training.
     *
     * @param trainLoss per epoch, the mean minibatch loss (nats per window, class-weighted)
     * @param validationLoss per epoch, the Trainer's validation loss (nats per window)
     * @param testProbability per test recording, the final model's mean window probability
     * @param epochSeconds per epoch, wall-clock seconds of training and validation
     */
    record Run(
            List<Double> trainLoss,
            List<Double> validationLoss,
            Map<String, Double> testProbability,
            List<Double> epochSeconds) {}

    /** Both runs, and the label of every test recording. */
    record Result(Run dl4j, Run torch, Map<String, Integer> testLabel, String torchVersion) {}

    private ReferenceComparison() {}

    /**
     * Trains both on {@code warehouse} with {@code config} (its dropout must be 0) in the empty or
     * new folder {@code dir}, the reference with {@code python} on {@code threads} threads.
     */
    static Result run(DeltaStore store, TrainConfig config, Path dir, String python, int threads)
            throws IOException, InterruptedException {
        if (config.dropout() != 0) {
            throw new IllegalArgumentException("the comparison needs spira.train.dropout=0, got " + config.dropout());
        }
        TrainingInputs inputs = TrainingInputs.pin(store, config, Optional.empty());
        Dataset<Row> clean = inputs.features(store).where(col("variant").equalTo(0));
        Dataset<Row> splits = inputs.splits(store);
        TrainingIndex index = TrainingIndex.of(clean, splits);
        List<RecordingEntry> test = testRecordings(clean, splits);
        List<String> ids = Stream.of(index.train(), index.validation(), test)
                .flatMap(List::stream)
                .map(RecordingEntry::recordingId)
                .toList();
        WindowSource source = FeatureWindows.source(FeatureWindows.Mode.IN_MEMORY, FeatureWindows.used(clean, ids));
        MultiLayerNetwork model = SpiraConvNet.network(spec(config, inputs));
        Files.createDirectories(dir);
        TorchParameters.write(TorchParameters.of(model), dir.resolve("init"));
        writeExchange(store, config, inputs, index, dir);
        Run dl4j = trainDl4j(config, inputs, index, test, source, model, dir);
        Run torch = runReference(python, dir, threads);
        Map<String, Integer> labels = new TreeMap<>();
        test.forEach(e -> labels.put(e.recordingId(), e.label()));
        String version =
                JSON.readTree(dir.resolve("torch.json").toFile()).get("torch").asText();
        return new Result(dl4j, torch, labels, version);
    }

    /** The test split's recordings: the index of the splits with test renamed validation. */
    private static List<RecordingEntry> testRecordings(Dataset<Row> clean, Dataset<Row> splits) {
        Dataset<Row> testAsValidation = splits.where(col(SplitsTable.SPLIT).notEqual(SplitsTable.VALIDATION))
                .withColumn(
                        SplitsTable.SPLIT,
                        when(col(SplitsTable.SPLIT).equalTo(SplitsTable.TEST), lit(SplitsTable.VALIDATION))
                                .otherwise(col(SplitsTable.SPLIT)));
        return TrainingIndex.of(clean, testAsValidation).validation();
    }

    private static ModelSpec spec(TrainConfig config, TrainingInputs inputs) {
        OptimizerSpec paper = OptimizerSpec.paper();
        OptimizerSpec adam = new OptimizerSpec(
                config.learningRate(),
                paper.beta1(),
                paper.beta2(),
                paper.epsilon(),
                config.weightDecay(),
                config.warmupSteps());
        return new ModelSpec(
                Architecture.V2, inputs.shape().frames(), inputs.shape().coefficients(), 0, config.seed(), adam);
    }

    /** comparison.json (tables, versions, shape, optimizer) and plans.json (every epoch's minibatches). */
    private static void writeExchange(
            DeltaStore store, TrainConfig config, TrainingInputs inputs, TrainingIndex index, Path dir)
            throws IOException {
        OptimizerSpec adam = OptimizerSpec.paper();
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("features_uri", localPath(inputs.featuresUri()));
        spec.put("features_version", inputs.featuresVersion());
        spec.put("feature_version", inputs.featureVersion());
        spec.put("splits_uri", localPath(store.path(SplitsTable.NAME)));
        spec.put("splits_version", inputs.splitsVersion());
        spec.put("frames", inputs.shape().frames());
        spec.put("coefficients", inputs.shape().coefficients());
        spec.put("recordings_per_batch", config.recordingsPerBatch());
        spec.put("learning_rate", config.learningRate());
        spec.put("betas", List.of(adam.beta1(), adam.beta2()));
        spec.put("epsilon", adam.epsilon());
        spec.put("weight_decay", config.weightDecay());
        spec.put("warmup_steps", config.warmupSteps());
        JSON.writerWithDefaultPrettyPrinter()
                .writeValue(dir.resolve("comparison.json").toFile(), spec);
        List<List<List<String>>> plans = new ArrayList<>();
        for (int epoch = 0; epoch < config.epochs(); epoch++) {
            plans.add(
                    EpochPlan.of(config.seed(), epoch, index.train(), config.recordingsPerBatch())
                            .minibatches()
                            .stream()
                            .map(batch -> batch.recordings().stream()
                                    .map(PlannedRecording::recordingId)
                                    .toList())
                            .toList());
        }
        JSON.writeValue(dir.resolve("plans.json").toFile(), plans);
    }

    /** delta-rs opens a local table by its path; the warehouse's URIs are file: URIs. */
    private static String localPath(String uri) {
        return uri.startsWith("file:") ? Path.of(java.net.URI.create(uri)).toString() : uri;
    }

    private static Run trainDl4j(
            TrainConfig config,
            TrainingInputs inputs,
            TrainingIndex index,
            List<RecordingEntry> test,
            WindowSource source,
            MultiLayerNetwork initial,
            Path dir) {
        TrainerConfig trainer =
                new TrainerConfig(config.seed(), config.epochs(), config.recordingsPerBatch(), 1, 1, 2, inputs.shape());
        List<EpochReport> reports = new ArrayList<>();
        MultiLayerNetwork trained = new Trainer(
                        trainer, source, new LocalCheckpointStore(dir.resolve("checkpoints")), reports::add)
                .train(() -> initial, index.train(), index.validation())
                .model();
        MinibatchAssembler assembler = new MinibatchAssembler(inputs.shape());
        Map<String, Double> probabilities = new TreeMap<>();
        for (RecordingEntry entry : test) {
            List<PlannedRecording> one =
                    List.of(new PlannedRecording(entry.recordingId(), entry.label(), 0, entry.windowCount()));
            probabilities.put(
                    entry.recordingId(),
                    trained.output(assembler.assemble(one, source.fetch(one)).getFeatures(), false)
                            .meanNumber()
                            .doubleValue());
        }
        return new Run(
                reports.stream().map(EpochReport::trainLoss).toList(),
                reports.stream().map(EpochReport::validationLoss).toList(),
                probabilities,
                reports.stream().map(r -> r.duration().toMillis() / 1000.0).toList());
    }

    private static Run runReference(String python, Path dir, int threads) throws IOException, InterruptedException {
        Path log = dir.resolve("torch.log");
        Process process = new ProcessBuilder(
                        python, SCRIPT.toString(), "--dir", dir.toString(), "--threads", String.valueOf(threads))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("the reference trainer did not finish in " + TIMEOUT_MINUTES + " minutes");
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException("the reference trainer " + SCRIPT + " (" + python + ") failed with status "
                    + process.exitValue() + ":\n" + Files.readString(log));
        }
        JsonNode torch = JSON.readTree(dir.resolve("torch.json").toFile());
        Map<String, Double> probabilities = new TreeMap<>();
        torch.get("test_probabilities")
                .fields()
                .forEachRemaining(
                        f -> probabilities.put(f.getKey(), f.getValue().asDouble()));
        return new Run(
                doubles(torch.get("train_loss")),
                doubles(torch.get("validation_loss")),
                probabilities,
                doubles(torch.get("epoch_seconds")));
    }

    private static List<Double> doubles(JsonNode array) {
        List<Double> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asDouble()));
        return values;
    }
}
