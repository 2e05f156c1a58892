package org.spira.pipeline.scoring;

import java.util.Arrays;
import org.spira.evaluation.DecisionThreshold;
import org.spira.evaluation.RecordingProbability;
import org.spira.features.PreparedRecording;
import org.spira.features.RecordingFeaturizer;
import org.spira.features.RecordingRejectedException;
import org.spira.features.dsp.FeatureSpec;

/**
 * A model applied to one recording's audio, from bytes to a prediction, with no Spark: the
 * recording is featurized with the model's own {@link FeatureSpec} (clean, variant 0: what
 * featurize computes), its windows go through the network in batches ({@link WindowScorer}),
 * their probabilities are averaged in window order ({@link RecordingProbability}, as evaluate
 * aggregates) and the {@link DecisionThreshold} gives the class. {@code score}'s executors and
 * {@code spira-predict} both call {@link #score}, so the two give the same numbers for the same
 * bytes by construction.
 *
 * <p>Not thread-safe (the featurizer reuses its FFT buffers, the network its workspaces): one per
 * thread or Spark task.
 */
public final class RecordingScorer {
    private final RecordingFeaturizer featurizer;
    private final WindowScorer network;
    private final DecisionThreshold threshold;

    public RecordingScorer(FeatureSpec spec, WindowScorer network, DecisionThreshold threshold) {
        this.featurizer = new RecordingFeaturizer(spec);
        this.network = network;
        this.threshold = threshold;
    }

    /**
     * @param modelZip the network ({@code model.zip}, DL4J ModelSerializer format)
     * @param spec the FeatureSpec the network was trained on (its {@code feature_spec.json})
     * @param batchWindows windows per inference call, >= 1
     */
    public static RecordingScorer load(
            byte[] modelZip, FeatureSpec spec, int batchWindows, DecisionThreshold threshold) {
        return new RecordingScorer(
                spec, WindowScorer.load(modelZip, spec.framesPerWindow(), spec.nMfcc(), batchWindows), threshold);
    }

    /**
     * The prediction for a recording's file bytes, or a reject with the front end's reason (not
     * audio, damaged, silent, shorter than one window, ...).
     */
    public RecordingOutcome score(byte[] audio) {
        PreparedRecording recording;
        try {
            recording = featurizer.prepare(audio);
        } catch (RecordingRejectedException e) {
            return RecordingOutcome.rejected(e.reason(), e.getMessage());
        }
        float[][] windows = featurizer.clean(recording).windows();
        double probability = RecordingProbability.mean(network.probabilities(Arrays.asList(windows)));
        return RecordingOutcome.scored(windows.length, probability, threshold.predictedLabel(probability));
    }
}
