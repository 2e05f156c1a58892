package org.spira.pipeline.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spira.pipeline.DeltaSparkTestBase;
import org.spira.pipeline.config.PipelineConfig;
import org.spira.pipeline.config.TrainConfig;
import org.spira.pipeline.tables.DeltaStore;

/**
 * The short version of docs/learning-vs-reference.md: a few epochs of the Trainer and of the
 * PyTorch reference trainer on the small real warehouse, from the same weights on the same
 * minibatch plans, dropout off; per-epoch validation losses and the final test probabilities agree.
 */
class LearningLikeReferenceTest extends DeltaSparkTestBase {
    static final String PYTHON = "spira.trainer.python";
    static final int EPOCHS = 5;
    /**
     * Absolute, nats per window. Measured: the gap is 3.4e-6 after epoch 0 and at most 3.5e-5 over
     * the 5 epochs (float32 drift over 10 Adam steps, PyTorch 1.13), against validation losses
     * that move by 0.09 (at least 20 times this tolerance, asserted).
     */
    static final double TOLERANCE = 5e-4;

    @TempDir
    static Path dir;

    @Test
    void theTrainerLearnsAsThePyTorchReferenceDoesEpochByEpoch() throws Exception {
        String warehouse = TrainingWarehouse.build(spark(), dir);
        TrainConfig config = PipelineConfig.load(
                        Optional.empty(),
                        List.of(
                                "spira.train.dropout=0",
                                "spira.train.epochs=" + EPOCHS,
                                "spira.train.warmup-steps=4",
                                "spira.train.recordings-per-batch=2"))
                .train();
        ReferenceComparison.Result result = ReferenceComparison.run(
                new DeltaStore(spark(), warehouse), config, dir.resolve("comparison"), python(), 1);

        List<Double> dl4j = result.dl4j().validationLoss();
        List<Double> torch = result.torch().validationLoss();
        assertEquals(EPOCHS, dl4j.size());
        assertEquals(EPOCHS, torch.size());
        for (int epoch = 0; epoch < EPOCHS; epoch++) {
            System.out.printf(
                    Locale.ROOT,
                    "epoch %d: validation loss %.7f (Deeplearning4j) %.7f (PyTorch), gap %.2e%n",
                    epoch,
                    dl4j.get(epoch),
                    torch.get(epoch),
                    Math.abs(dl4j.get(epoch) - torch.get(epoch)));
        }
        for (int epoch = 0; epoch < EPOCHS; epoch++) {
            assertEquals(torch.get(epoch), dl4j.get(epoch), TOLERANCE, "validation loss after epoch " + epoch);
        }
        double moved = Math.abs(dl4j.get(EPOCHS - 1) - dl4j.get(0));
        Assertions.assertTrue(moved > 20 * TOLERANCE, "training moved the validation loss by only " + moved);
        assertEquals(
                result.testLabel().keySet(), result.dl4j().testProbability().keySet());
        assertEquals(
                result.testLabel().keySet(), result.torch().testProbability().keySet());
        Assertions.assertTrue(result.testLabel().size() >= 2, "the test split holds " + result.testLabel());
        result.testLabel()
                .keySet()
                .forEach(id -> assertEquals(
                        result.torch().testProbability().get(id),
                        result.dl4j().testProbability().get(id),
                        TOLERANCE,
                        "test probability of " + id));
    }

    private static String python() {
        String python = System.getProperty(PYTHON, "").strip();
        if (python.isEmpty() || !Files.isExecutable(Path.of(python))) {
            Assertions.fail(
                    "-D" + PYTHON + "=" + python + " is not an executable; run bin/setup-reference-trainer (torch from"
                            + " Debian's python3-torch plus delta-rs) and point the property at the interpreter it prints");
        }
        return python;
    }
}
