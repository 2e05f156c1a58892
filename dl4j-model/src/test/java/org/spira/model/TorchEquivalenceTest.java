package org.spira.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.spira.features.npy.Npy;
import org.spira.features.npy.NpyArray;
import org.spira.features.testing.ParityMetrics;

/**
 * SpiraConvV2 in Deeplearning4j against the PyTorch reference ({@code spira_conv_reference.py}),
 * from the same weights (a Deeplearning4j initialisation exported as {@code .npy}) on real MFCC
 * windows of shared recordings: inference, the gradient of one BCE step, and several Adam updates
 * with coupled weight decay on the Noam schedule. Training compares dropout-free networks in both
 * frameworks (drop probability 0; inference ignores dropout anyway), since the two draw their
 * masks from different generators. Where max pooling meets a pair of (nearly) equal elements,
 * which one receives the gradient depends on the last bits of the convolutions, so the reference
 * takes those choices from this network's convolution outputs, exported before every update (see
 * {@code spira_conv_reference.py}); every other pair must be routed alike for the gradients to match.
 */
class TorchEquivalenceTest {

    /** Updates taken: with warmup 3 they run the schedule up (steps 1, 1, 2), to its peak (3) and down (4). */
    private static final int STEPS = 5;

    private static final int WARMUP = 3;

    private static final double PROBABILITY_TOLERANCE = 1e-4;
    private static final double ACTIVATION_TOLERANCE = 1e-4;
    /** float32 backprop through 22 layers; measured worst 6.7e-5 (norm1.bias). */
    private static final double GRADIENT_TOLERANCE = 1e-3;
    /**
     * Five Adam steps act almost like sign(gradient) on tensors whose gradients nearly cancel
     * (the biases ahead of each GroupNorm), so float32 rounding differences grow there; and
     * Deeplearning4j's Adam adds epsilon before bias correction. Measured worst: 4e-3 (conv1.bias).
     */
    private static final double UPDATE_TOLERANCE = 5e-3;

    /**
     * Pooling choices, of about 2.6 million per update, that the reference takes from this network
     * because its own convolutions rank the pair the other way (near-ties; measured: 10 at most).
     */
    private static final double MAX_REROUTED = 100;

    private static final ModelSpec INFERENCE = ModelSpec.paper();
    private static final ModelSpec TRAINING =
            INFERENCE.withDropout(0).withOptimizer(OptimizerSpec.paper().withSchedule(1e-3, WARMUP));

    private static final StringBuilder SUMMARY = new StringBuilder();

    @TempDir
    static Path exchange;

    private static MfccWindows.Batch batch;
    private static MultiLayerNetwork network;
    private static Map<String, NpyArray> initial;
    private static MultiLayerNetwork trained;

    @BeforeAll
    static void runReference() throws Exception {
        batch = MfccWindows.load(2, 2);
        network = SpiraConvNet.network(INFERENCE);
        initial = TorchParameters.of(network);
        TorchParameters.write(initial, exchange.resolve("weights"));
        write(exchange.resolve("inputs.npy"), batch.inputs());
        write(exchange.resolve("labels.npy"), batch.labels());
        trained = trainee();
        for (int k = 0; k < STEPS; k++) {
            writeConvolutions(trained, exchange.resolve("routes/step" + k));
            trained.fit(new DataSet(batch.inputs(), batch.labels()));
        }
        OptimizerSpec optimizer = TRAINING.optimizer();
        TorchReference.run(
                exchange,
                List.of(
                        "--dropout",
                        Double.toString(INFERENCE.dropout()),
                        "--lr",
                        Double.toString(optimizer.learningRate()),
                        "--warmup",
                        Integer.toString(optimizer.warmupSteps()),
                        "--betas",
                        Double.toString(optimizer.beta1()),
                        Double.toString(optimizer.beta2()),
                        "--eps",
                        Double.toString(optimizer.epsilon()),
                        "--weight-decay",
                        Double.toString(optimizer.weightDecay()),
                        "--steps",
                        Integer.toString(STEPS)));
    }

    @Test
    void inferenceProbabilitiesMatchPerWindow() throws IOException {
        float[] ours = network.output(batch.inputs(), false).toFloatVector();
        float[] reference = read("probabilities.npy").data();
        assertEquals(batch.size(), reference.length);
        double worst = 0;
        for (int i = 0; i < reference.length; i++) {
            worst = Math.max(worst, Math.abs(ours[i] - reference[i]) / reference[i]);
        }
        record("probabilities, max relative error", worst);
        assertTrue(worst <= PROBABILITY_TOLERANCE, "max relative error of window probabilities " + worst);
    }

    @Test
    void everyBlockOutputMatches() throws IOException {
        List<INDArray> activations = network.feedForward(batch.inputs(), false);
        Map<String, String> layers =
                Map.of("block1", "drop1", "block2", "drop2", "block3", "drop3", "block4", "drop4", "fc1", "fc1");
        for (Map.Entry<String, String> entry : layers.entrySet()) {
            INDArray ours = activations.get(layerIndex(network, entry.getValue()) + 1);
            NpyArray reference = read(entry.getKey() + ".npy");
            assertArrayEquals(reference.shape(), toInt(ours.shape()), entry.getKey() + " shape");
            double error = ParityMetrics.relativeL2(
                    ours.dup('c').reshape(ours.length()).toFloatVector(), reference.data());
            record(entry.getKey() + " output, relative L2", error);
            assertTrue(error <= ACTIVATION_TOLERANCE, entry.getKey() + " relative L2 error " + error);
        }
    }

    @Test
    void oneStepGradientsOfEveryParameterMatch() throws IOException {
        MultiLayerNetwork trainee = trainee();
        trainee.setInput(batch.inputs());
        trainee.setLabels(batch.labels());
        trainee.computeGradientAndScore();
        double loss = trainee.score() - trainee.calcRegularizationScore(true);
        double referenceLoss = read("loss.npy").data()[0];
        record("BCE loss, relative error", Math.abs(loss - referenceLoss) / referenceLoss);
        assertEquals(referenceLoss, loss, 1e-5 * referenceLoss, "minibatch-mean BCE");

        // Deeplearning4j's backprop yields the minibatch sum; its updater divides by the batch size.
        Map<String, NpyArray> ours = TorchParameters.of(trainee, trainee.gradient(), 1.0 / batch.size());
        Map<String, NpyArray> reference = TorchParameters.read(exchange.resolve("out/grad"), initial);
        assertEquals(initial.keySet(), ours.keySet());
        assertStatesMatch("gradient", ours, reference, GRADIENT_TOLERANCE);
    }

    @Test
    void adamWithCoupledWeightDecayOnTheNoamScheduleMatches() throws IOException {
        float[] rates = read("lr.npy").data();
        NoamSchedule schedule = TRAINING.optimizer().schedule();
        for (int k = 0; k < STEPS; k++) {
            assertEquals(rates[k], schedule.valueAt(k, 0), 1e-6 * rates[k], "learning rate of update " + k);
        }
        assertEquals(STEPS, trained.getIterationCount());
        double rerouted = max(read("rerouted.npy"));
        record("max-pooling pairs routed by this network's convolutions (worst update)", rerouted);
        assertTrue(
                rerouted <= MAX_REROUTED,
                rerouted + " of the reference's pooling choices taken from ours: more"
                        + " than near-ties; the convolutions differ");
        Map<String, NpyArray> ours = TorchParameters.minus(TorchParameters.of(trained), initial);
        Map<String, NpyArray> reference =
                TorchParameters.minus(TorchParameters.read(exchange.resolve("out/trained"), initial), initial);
        Map<String, NpyArray> withoutDecay =
                TorchParameters.minus(TorchParameters.read(exchange.resolve("out/trained-no-decay"), initial), initial);
        double decayEffect = worstRelativeL2(withoutDecay, reference);
        record("change without weight decay vs with (the decay's visible effect)", decayEffect);
        assertStatesMatch("change after " + STEPS + " updates", ours, reference, UPDATE_TOLERANCE);
        assertTrue(
                decayEffect > 10 * UPDATE_TOLERANCE,
                "weight decay changes the reference's updates by only " + decayEffect + ": the test cannot see it");
    }

    @AfterAll
    static void printSummary() {
        System.out.println("PyTorch equivalence (worst over tensors):\n" + SUMMARY);
    }

    private static MultiLayerNetwork trainee() {
        MultiLayerNetwork trainee = SpiraConvNet.network(TRAINING);
        trainee.setParams(network.params().dup());
        return trainee;
    }

    /** Writes the outputs of the convolutions of the pooled blocks (conv1..conv3) into {@code dir}. */
    private static void writeConvolutions(MultiLayerNetwork trainee, Path dir) throws IOException {
        Files.createDirectories(dir);
        List<INDArray> activations = trainee.feedForward(batch.inputs(), false);
        for (int block = 1; block <= 3; block++) {
            write(dir.resolve("conv" + block + ".npy"), activations.get(layerIndex(trainee, "conv" + block) + 1));
        }
    }

    private static double max(NpyArray values) {
        double max = Double.NEGATIVE_INFINITY;
        for (float value : values.data()) {
            max = Math.max(max, value);
        }
        return max;
    }

    private static void assertStatesMatch(
            String what, Map<String, NpyArray> ours, Map<String, NpyArray> reference, double tolerance) {
        double worst = 0;
        String worstName = "";
        for (Map.Entry<String, NpyArray> entry : reference.entrySet()) {
            NpyArray mine = ours.get(entry.getKey());
            assertArrayEquals(entry.getValue().shape(), mine.shape(), entry.getKey() + " shape");
            double error =
                    ParityMetrics.relativeL2(mine.data(), entry.getValue().data());
            if (!(error <= worst) && !Double.isNaN(worst)) {
                worst = error; // a NaN stays the worst
                worstName = entry.getKey();
            }
        }
        record(what + ", relative L2 (" + worstName + ")", worst);
        assertTrue(worst <= tolerance, what + ": relative L2 error " + worst + " of " + worstName);
    }

    private static double worstRelativeL2(Map<String, NpyArray> ours, Map<String, NpyArray> reference) {
        return reference.keySet().stream()
                .mapToDouble(name -> ParityMetrics.relativeL2(
                        ours.get(name).data(), reference.get(name).data()))
                .max()
                .orElseThrow();
    }

    private static synchronized void record(String what, double value) {
        SUMMARY.append(String.format(Locale.ROOT, "  %-70s %.3e%n", what, value));
    }

    private static int layerIndex(MultiLayerNetwork network, String name) {
        for (int i = 0; i < network.getnLayers(); i++) {
            if (network.getLayer(i).conf().getLayer().getLayerName().equals(name)) {
                return i;
            }
        }
        throw new IllegalArgumentException("no layer " + name);
    }

    private static NpyArray read(String name) throws IOException {
        return Npy.read(exchange.resolve("out").resolve(name));
    }

    private static void write(Path file, INDArray array) throws IOException {
        Npy.writeFloat32(
                file,
                toInt(array.shape()),
                array.dup('c').reshape(array.length()).toFloatVector());
    }

    private static int[] toInt(long[] shape) {
        return java.util.Arrays.stream(shape).mapToInt(Math::toIntExact).toArray();
    }
}
