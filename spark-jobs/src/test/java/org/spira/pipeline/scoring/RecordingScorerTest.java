package org.spira.pipeline.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.spira.evaluation.DecisionThreshold;
import org.spira.features.RecordingFeaturizer;
import org.spira.features.dsp.FeatureSpec;
import org.spira.features.testing.SharedData;

/**
 * RecordingScorer, the one composition that score's executors and spira-predict run, against the
 * same steps done by hand: featurize with the model's spec, the network, the mean in window order,
 * the threshold; batching changes no number beyond float rounding; a recording the front end
 * cannot use is a reject with its reason.
 */
class RecordingScorerTest {
    /** 13 s of speech: 10 windows of 4 s with a 1 s step. */
    private static final String SPEECH = "public/audio/0Rlzhiz6bybk77wdLjxwy7yLDhg1/counting-fast.wav";
    /** 3.669 s: shorter than one 4 s window. */
    private static final String SHORT = "public/audio/0Rlzhiz6bybk77wdLjxwy7yLDhg1/vowel-a.wav";

    private static byte[] speech;
    private static float[][] windows;
    private static double[] byHand;

    @BeforeAll
    static void featurizeByHand() throws Exception {
        speech = SharedData.bytes(SharedData.root().resolve(SPEECH));
        RecordingFeaturizer featurizer = new RecordingFeaturizer(UntrainedModel.SPEC);
        windows = featurizer.clean(featurizer.prepare(speech)).windows();
        byHand = network(windows.length).probabilities(Arrays.asList(windows));
    }

    private static WindowScorer network(int batch) {
        FeatureSpec spec = UntrainedModel.SPEC;
        return WindowScorer.load(UntrainedModel.zip(), spec.framesPerWindow(), spec.nMfcc(), batch);
    }

    @Test
    void aRecordingsProbabilityIsTheMeanOfItsWindowsAsComputedByHand() {
        RecordingOutcome outcome = RecordingScorer.load(
                        UntrainedModel.zip(), UntrainedModel.SPEC, 64, DecisionThreshold.SPIRA)
                .score(speech);
        assertTrue(outcome.isScored());
        assertEquals(windows.length, outcome.windows());
        assertTrue(windows.length >= 2, "several windows to average");
        double sum = 0;
        for (double p : byHand) {
            sum += p;
        }
        assertEquals(sum / byHand.length, outcome.probability(), 1e-15);
        assertEquals(outcome.probability() >= 0.5 ? 1 : 0, outcome.predictedLabel());
        assertNull(outcome.rejectReason());
    }

    @Test
    void theThresholdDecidesTheClass() {
        double p = RecordingScorer.load(UntrainedModel.zip(), UntrainedModel.SPEC, 64, DecisionThreshold.SPIRA)
                .score(speech)
                .probability();
        assertEquals(
                1,
                RecordingScorer.load(UntrainedModel.zip(), UntrainedModel.SPEC, 64, new DecisionThreshold(p))
                        .score(speech)
                        .predictedLabel(),
                "a probability at the threshold is a patient");
        assertEquals(
                0,
                RecordingScorer.load(
                                UntrainedModel.zip(),
                                UntrainedModel.SPEC,
                                64,
                                new DecisionThreshold(Math.min(0.999999, Math.nextUp(p))))
                        .score(speech)
                        .predictedLabel());
    }

    @Test
    void batchesOfAnySizeGiveTheSameWindowProbabilities() {
        for (int batch : List.of(1, 3, 64)) {
            double[] batched = network(batch).probabilities(Arrays.asList(windows));
            for (int w = 0; w < windows.length; w++) {
                assertEquals(byHand[w], batched[w], 1e-6, "batch " + batch + ", window " + w);
            }
        }
    }

    @Test
    void whatTheFrontEndCannotUseIsRejectedWithItsReason() {
        RecordingScorer scorer =
                RecordingScorer.load(UntrainedModel.zip(), UntrainedModel.SPEC, 64, DecisionThreshold.SPIRA);
        RecordingOutcome tooShort =
                scorer.score(SharedData.bytes(SharedData.root().resolve(SHORT)));
        assertFalse(tooShort.isScored());
        assertEquals("too_short", tooShort.rejectReason());
        assertTrue(
                tooShort.rejectMessage().contains("shorter than one 4.000 s analysis window"),
                tooShort.rejectMessage());
        assertEquals(0, tooShort.windows());
        RecordingOutcome garbage = scorer.score("not audio at all".getBytes(StandardCharsets.UTF_8));
        assertEquals("not_audio", garbage.rejectReason());
        assertEquals(-1, garbage.predictedLabel());
    }
}
