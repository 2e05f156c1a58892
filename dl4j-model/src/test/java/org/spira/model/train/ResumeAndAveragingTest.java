package org.spira.model.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.spira.model.train.RealWindows.Recording;

/**
 * Resumption, ParallelWrapper averaging and the validation loss, on real recordings with their
 * real labels (controls and respiratory patients, imbalanced) and two noisy variants each.
 */
class ResumeAndAveragingTest {
    private static InMemoryWindowSource source;
    private static List<RecordingEntry> train;
    private static List<RecordingEntry> validation;

    @TempDir
    Path dir;

    @BeforeAll
    static void featurize() {
        List<Recording> controls = RealWindows.shortRecordings("counting-fast", 0, 6);
        List<Recording> patients = RealWindows.shortRecordings(null, 1, 3);
        List<TrainingWindow> windows = new ArrayList<>();
        controls.forEach(r -> windows.addAll(RealWindows.withVariants(r, 2)));
        patients.forEach(r -> windows.addAll(RealWindows.withVariants(r, 2)));
        source = new InMemoryWindowSource(windows);
        List<String> validationIds = List.of(
                controls.get(4).id(), controls.get(5).id(), patients.get(2).id());
        train = source.index().stream()
                .filter(e -> !validationIds.contains(e.recordingId()))
                .toList();
        validation = source.index().stream()
                .filter(e -> validationIds.contains(e.recordingId()))
                .toList();
    }

    @ParameterizedTest(name = "{0} worker(s)")
    @ValueSource(ints = {1, 2})
    void aResumedRunEndsWithTheParametersOfAnUninterruptedOne(int workers) {
        TrainerConfig config = new TrainerConfig(42, 4, 2, workers, 1, 2, WindowShape.SPIRA);
        List<EpochReport> straight = new ArrayList<>();
        MultiLayerNetwork uninterrupted = new Trainer(
                        config, source, new LocalCheckpointStore(dir.resolve("a" + workers)), straight::add)
                .train(() -> TestCnn.build(5, 0.5), train, validation)
                .model();

        LocalCheckpointStore interruptedStore = new LocalCheckpointStore(dir.resolve("b" + workers));
        new Trainer(config.withEpochs(2), source, interruptedStore, TrainingObserver.NONE)
                .train(() -> TestCnn.build(5, 0.5), train, validation);
        List<EpochReport> resumedReports = new ArrayList<>();
        MultiLayerNetwork resumed = new Trainer(config, source, interruptedStore, resumedReports::add)
                .train(ResumeAndAveragingTest::noNewModel, train, validation)
                .model();

        assertEquals(
                List.of(2, 3), resumedReports.stream().map(EpochReport::epoch).toList());
        assertTrue(
                uninterrupted.getUpdater().getStateViewArray().norm2Number().doubleValue() > 0,
                "the Adam moments survive the epochs");
        assertEquals(uninterrupted.getIterationCount(), resumed.getIterationCount());
        assertEquals(uninterrupted.getEpochCount(), resumed.getEpochCount());
        assertClose(uninterrupted.params(), resumed.params(), 1e-6);
        assertClose(
                uninterrupted.getUpdater().getStateViewArray(),
                resumed.getUpdater().getStateViewArray(),
                1e-6);
        assertEquals(straight.get(3).validationLoss(), resumedReports.get(1).validationLoss(), 1e-6);
    }

    @Test
    void theValidationLossIsDl4jsClassWeightedCrossEntropyOnTheValidationWindows() {
        TrainerConfig config = new TrainerConfig(42, 1, 2, 1, 1, 2, WindowShape.SPIRA);
        List<EpochReport> reports = new ArrayList<>();
        MultiLayerNetwork model = new Trainer(config, source, new LocalCheckpointStore(dir), reports::add)
                .train(() -> TestCnn.build(5, 0.5), train, validation)
                .model();
        ValidationResult result = reports.get(0).validation();

        for (ValidationCondition condition : ValidationCondition.values()) {
            List<PlannedRecording> planned = validation.stream()
                    .map(e -> new PlannedRecording(e.recordingId(), e.label(), condition.variantOf(e), e.windowCount()))
                    .toList();
            // Weights n / (2 n_c) over the validation windows make DL4J's mean the class-balanced mean.
            DataSet all = new MinibatchAssembler(WindowShape.SPIRA).assemble(planned, source.fetch(planned));
            MultiLayerNetwork weighted = model.clone();
            ClassWeightedBinaryXent.install(weighted, ClassWeights.balanced(validation));
            double dl4j = weighted.score(all, false);
            ConditionScore score = result.condition(condition).orElseThrow();
            assertEquals(dl4j, score.loss(), 1e-5 * dl4j, condition.name());
            assertEquals(all.numExamples(), score.windows());
        }
        assertTrue(validation.stream()
                .anyMatch(e -> e.label() == 0 && !e.noisyVariants().isEmpty()));
    }

    @Test
    void twoWorkersAreReproducibleOverUnequalMinibatchesAndAverageEveryRound() {
        TrainerConfig config = new TrainerConfig(42, 1, 1, 2, 1, 2, WindowShape.SPIRA);
        EpochPlan plan = EpochPlan.of(42, 0, train.subList(0, 3), 1);
        MinibatchAssembler assembler = new MinibatchAssembler(WindowShape.SPIRA);
        MultiLayerNetwork initial = TestCnn.build(9, 0.5);
        MultiLayerNetwork once = initial.clone();
        MultiLayerNetwork twice = initial.clone();

        try (ParallelEpochFit fit = new ParallelEpochFit(config, source)) {
            fit.fit(once, plan, assembler);
        }
        try (ParallelEpochFit fit = new ParallelEpochFit(config, source)) {
            fit.fit(twice, plan, assembler);
        }

        assertTrue(plan.minibatches().stream()
                        .map(PlannedMinibatch::windowCount)
                        .distinct()
                        .count()
                > 1);
        // Three minibatches on two workers: two rounds, so the model's own counter advanced twice.
        assertEquals(2, once.getIterationCount());
        assertClose(once.params(), twice.params(), 0);
        assertClose(once.getUpdater().getStateViewArray(), twice.getUpdater().getStateViewArray(), 0);
    }

    /**
     * Two workers against a hand calculation of round-wise averaging: in each round workers 0, 1
     * take the next minibatches from the state they hold; every {@code frequency} rounds, and after
     * the last round, the parameters and Adam moments of the workers that trained since the last
     * average are averaged (unweighted) into every one of them. Cases: averaging every round with
     * a short last round; a short last round ending a window of 2 (worker 1's update of round 1
     * must count); a trailing window of 2 rounds under frequency 3 (never averaged by
     * ParallelWrapper itself); a trailing short round after an averaged window.
     */
    @ParameterizedTest(name = "{0} minibatches, averaging every {1} rounds")
    @CsvSource({"3, 1", "3, 2", "4, 3", "5, 2"})
    void twoWorkersEndWithTheRoundWiseAverageOfParametersAndAdamMoments(int minibatches, int frequency) {
        TrainerConfig config = new TrainerConfig(42, 1, 1, 2, frequency, 2, WindowShape.SPIRA);
        EpochPlan plan = EpochPlan.of(42, 0, train.subList(0, minibatches), 1);
        MinibatchAssembler assembler = new MinibatchAssembler(WindowShape.SPIRA);
        List<DataSet> batches = plan.minibatches().stream()
                .map(m -> assembler.assemble(m.recordings(), source.fetch(m.recordings())))
                .toList();
        MultiLayerNetwork initial = TestCnn.build(9, 1);
        MultiLayerNetwork parallel = initial.clone();
        try (ParallelEpochFit fit = new ParallelEpochFit(config, source)) {
            fit.fit(parallel, plan, assembler);
        }

        List<MultiLayerNetwork> workers = List.of(initial.clone(), initial.clone());
        boolean[] trained = new boolean[2];
        int rounds = (minibatches + 1) / 2;
        for (int round = 0; round < rounds; round++) {
            for (int worker = 0; worker < 2 && 2 * round + worker < minibatches; worker++) {
                workers.get(worker).fit(batches.get(2 * round + worker));
                trained[worker] = true;
            }
            if ((round + 1) % frequency == 0 || round == rounds - 1) {
                if (trained[0] && trained[1]) {
                    average(workers);
                }
                trained = new boolean[2];
            }
        }

        MultiLayerNetwork expected = workers.get(0);
        assertEquals(rounds, parallel.getIterationCount());
        assertClose(expected.params(), parallel.params(), 1e-6);
        INDArray moments = parallel.getUpdater().getStateViewArray();
        assertTrue(moments.norm2Number().doubleValue() > 0, "the Adam moments survive ParallelWrapper");
        assertClose(expected.getUpdater().getStateViewArray(), moments, 1e-6);
    }

    /**
     * Workers kept from one epoch to the next (as the trainer keeps them) end every epoch where
     * workers started for that epoch alone (as a resumed run's are) do: with three minibatches an
     * epoch, worker 1 sits out each epoch's last round and must still start the next one from the
     * average, with the model's iteration and epoch counts.
     */
    @Test
    void workersKeptAcrossEpochsTrainEachEpochAsWorkersStartedForIt() {
        TrainerConfig config = new TrainerConfig(42, 3, 1, 2, 1, 2, WindowShape.SPIRA);
        MinibatchAssembler assembler = new MinibatchAssembler(WindowShape.SPIRA);
        MultiLayerNetwork initial = TestCnn.build(9, 0.5);
        MultiLayerNetwork kept = initial.clone();
        MultiLayerNetwork restarted = initial.clone();

        try (ParallelEpochFit fit = new ParallelEpochFit(config, source)) {
            for (int epoch = 0; epoch < 3; epoch++) {
                fit.fit(kept, EpochPlan.of(42, epoch, train.subList(0, 3), 1), assembler);
                kept.incrementEpochCount();
            }
        }
        for (int epoch = 0; epoch < 3; epoch++) {
            try (ParallelEpochFit fit = new ParallelEpochFit(config, source)) {
                fit.fit(restarted, EpochPlan.of(42, epoch, train.subList(0, 3), 1), assembler);
            }
            restarted.incrementEpochCount();
        }

        assertEquals(6, kept.getIterationCount());
        assertEquals(restarted.getIterationCount(), kept.getIterationCount());
        assertClose(restarted.params(), kept.params(), 0);
        assertClose(
                restarted.getUpdater().getStateViewArray(), kept.getUpdater().getStateViewArray(), 0);
    }

    @Test
    void aFailingWorkerEndsTheEpochWithItsCauseInsteadOfHanging() {
        // Fault injection: a network whose output (2 units) does not match the labels (1 column),
        // so the first fit on each worker throws.
        MultiLayerNetwork mismatched = new MultiLayerNetwork(new NeuralNetConfiguration.Builder()
                .list()
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.XENT)
                        .nOut(2)
                        .activation(Activation.SIGMOID)
                        .build())
                .setInputType(InputType.convolutional(401, 40, 1))
                .build());
        mismatched.init();
        TrainerConfig config = new TrainerConfig(42, 1, 1, 2, 1, 2, WindowShape.SPIRA);

        TrainingException e = assertTimeoutPreemptively(
                Duration.ofSeconds(60),
                () -> assertThrows(TrainingException.class, () -> {
                    try (ParallelEpochFit fit = new ParallelEpochFit(config, source)) {
                        fit.fit(
                                mismatched,
                                EpochPlan.of(42, 0, train.subList(0, 4), 1),
                                new MinibatchAssembler(WindowShape.SPIRA));
                    }
                }));
        assertTrue(e.getMessage().contains("a training worker failed"), e.getMessage());
    }

    private static void average(List<MultiLayerNetwork> workers) {
        MultiLayerNetwork first = workers.get(0);
        MultiLayerNetwork second = workers.get(1);
        first.setParams(first.params().add(second.params()).divi(2));
        second.setParams(first.params().dup());
        INDArray state = first.getUpdater().getStateViewArray();
        state.assign(state.add(second.getUpdater().getStateViewArray()).divi(2));
        second.getUpdater().getStateViewArray().assign(state);
    }

    private static MultiLayerNetwork noNewModel() {
        throw new AssertionError("a resumed run must start from its checkpoint, not a new model");
    }

    private static void assertClose(INDArray expected, INDArray actual, double tolerance) {
        double difference = expected.sub(actual).amaxNumber().doubleValue();
        assertTrue(difference <= tolerance, "max |difference| " + difference + " > " + tolerance);
    }
}
