package org.spira.model.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

class ClassWeightsTest {

    @Test
    void balancedWeightsAreNOverTwoNcCountedInWindows() {
        // 3 control recordings with 10 + 20 + 30 windows, 1 patient recording with 15: n = 75.
        List<RecordingEntry> train = List.of(
                RecordingEntry.clean("a", 0, 10),
                RecordingEntry.clean("b", 0, 20),
                new RecordingEntry("c", 0, 30, List.of(1, 2)),
                RecordingEntry.clean("d", 1, 15));
        ClassWeights weights = ClassWeights.balanced(train);
        assertEquals(75.0 / (2 * 60), weights.control(), 1e-15);
        assertEquals(75.0 / (2 * 15), weights.patient(), 1e-15);
        // Both classes then weigh n / 2 in total.
        assertEquals(37.5, 60 * weights.control(), 1e-12);
        assertEquals(37.5, 15 * weights.patient(), 1e-12);
    }

    @Test
    void aTrainSetWithOneClassIsRejected() {
        TrainingException e = assertThrows(
                TrainingException.class, () -> ClassWeights.balanced(List.of(RecordingEntry.clean("a", 1, 3))));
        assertEquals(true, e.getMessage().contains("0 control"), e.getMessage());
    }

    @Test
    void theInstalledLossOnAMinibatchIsTheWeightedMeanCrossEntropy() {
        // A hand-built minibatch: two control recordings (2 + 1 windows) and a patient (1 window).
        ClassWeights weights = new ClassWeights(0.75, 1.5);
        List<PlannedRecording> plan = List.of(
                new PlannedRecording("c1", 0, 0, 2),
                new PlannedRecording("p1", 1, 0, 1),
                new PlannedRecording("c2", 0, 0, 1));
        Random random = new Random(3);
        List<TrainingWindow> windows = new ArrayList<>();
        for (PlannedRecording r : plan) {
            for (int w = 0; w < r.windowCount(); w++) {
                float[] mfcc = new float[WindowShape.SPIRA.size()];
                for (int i = 0; i < mfcc.length; i++) {
                    mfcc[i] = (float) random.nextGaussian();
                }
                windows.add(new TrainingWindow(r.recordingId(), r.label(), 0, w, mfcc));
            }
        }
        DataSet batch = new MinibatchAssembler(WindowShape.SPIRA).assemble(plan, windows);
        MultiLayerNetwork network = TestCnn.build(1, 1);
        INDArray p = network.output(batch.getFeatures(), false);
        double unweighted = network.score(batch, false);
        ClassWeightedBinaryXent.install(network, weights);

        double[] labels = {0, 0, 1, 0};
        double sum = 0;
        for (int i = 0; i < 4; i++) {
            double pi = p.getDouble(i, 0);
            double bce = -(labels[i] * Math.log(pi) + (1 - labels[i]) * Math.log(1 - pi));
            sum += weights.of((int) labels[i]) * bce;
        }
        assertEquals(sum / 4, network.score(batch, false), 1e-6);
        // With weight 1 for both classes the loss is DL4J's own LossBinaryXENT.
        ClassWeightedBinaryXent.install(network, ClassWeights.uniform());
        assertEquals(unweighted, network.score(batch, false), 1e-6);
    }
}
