package org.spira.model.train;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Scores a model on the validation recordings deterministically: inference mode (no dropout), a
 * fixed order (recordings sorted by id, K per batch), sums in double precision, fresh data from
 * the source every time (nothing cached between epochs).
 */
final class Validator {
    /** DL4J's LossBinaryXENT clips probabilities to [eps, 1 - eps] with this eps. */
    static final double CLIP = 1e-5;

    private final WindowSource source;
    private final MinibatchAssembler assembler;
    private final int recordingsPerBatch;

    Validator(WindowSource source, WindowShape shape, int recordingsPerBatch) {
        this.source = source;
        this.assembler = new MinibatchAssembler(shape);
        this.recordingsPerBatch = recordingsPerBatch;
    }

    /** The clean condition, and the noisy-controls condition when any validation control has noise. */
    ValidationResult evaluate(MultiLayerNetwork model, Collection<RecordingEntry> validation) {
        if (validation.isEmpty()) {
            throw new TrainingException(
                    "there are no validation recordings; the best checkpoint is chosen on them:" + " check the split");
        }
        List<RecordingEntry> sorted = new ArrayList<>(validation);
        sorted.sort(Comparator.comparing(RecordingEntry::recordingId));
        List<ConditionScore> scores = new ArrayList<>();
        scores.add(score(model, sorted, ValidationCondition.CLEAN));
        if (sorted.stream().anyMatch(e -> e.label() == 0 && !e.noisyVariants().isEmpty())) {
            scores.add(score(model, sorted, ValidationCondition.NOISY_CONTROLS));
        }
        return new ValidationResult(scores);
    }

    private ConditionScore score(MultiLayerNetwork model, List<RecordingEntry> sorted, ValidationCondition condition) {
        List<PlannedRecording> planned = sorted.stream()
                .map(e -> new PlannedRecording(e.recordingId(), e.label(), condition.variantOf(e), e.windowCount()))
                .toList();
        List<PlannedMinibatch> batches = EpochPlan.chunk(planned, recordingsPerBatch);
        Iterator<Collection<TrainingWindow>> fetched = source.fetchAll(batches);
        Tally tally = new Tally();
        for (PlannedMinibatch batch : batches) {
            DataSet data = assembler.assemble(batch.recordings(), fetched.next());
            tally.add(model.output(data.getFeatures(), false), data.getLabels());
        }
        return tally.score(condition);
    }

    /** Per-class sums of the binary cross-entropy, and correct windows. */
    private static final class Tally {
        private final double[] loss = new double[2];
        private final long[] windows = new long[2];
        private long correct;

        void add(INDArray probabilities, INDArray labels) {
            for (long i = 0; i < labels.size(0); i++) {
                int label = (int) labels.getDouble(i, 0);
                double p = probabilities.getDouble(i, 0);
                double clipped = Math.min(Math.max(p, CLIP), 1 - CLIP);
                loss[label] -= label == 1 ? Math.log(clipped) : Math.log(1 - clipped);
                windows[label]++;
                correct += (p >= 0.5) == (label == 1) ? 1 : 0;
            }
        }

        ConditionScore score(ValidationCondition condition) {
            double sum = 0;
            int classes = 0;
            for (int c = 0; c < 2; c++) {
                if (windows[c] > 0) {
                    sum += loss[c] / windows[c];
                    classes++;
                }
            }
            long total = windows[0] + windows[1];
            return new ConditionScore(condition, sum / classes, correct / (double) total, (int) total);
        }
    }
}
