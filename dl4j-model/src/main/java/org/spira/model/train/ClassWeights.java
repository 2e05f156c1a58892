package org.spira.model.train;

import java.util.Collection;

/**
 * Per-window weights of the binary cross-entropy by class, against class imbalance. With
 * {@link #balanced}, w_c = n / (2 n_c) where n is the number of training windows and n_c those
 * of class c: both classes then contribute equally to the loss, and a balanced set gets weight 1.
 * Windows are counted (not recordings) because the loss is per window; every variant of a
 * recording has the same windows, so the weights do not change from epoch to epoch.
 *
 * <p>The trainer installs them in the network's loss, {@link ClassWeightedBinaryXent}: the
 * minibatch loss is (1 / m) * sum_i w_(y_i) * BCE(p_i, y_i) over its m windows.
 *
 * @param control weight of a control window (label 0), > 0
 * @param patient weight of a patient window (label 1), > 0
 */
public record ClassWeights(double control, double patient) {
    public ClassWeights {
        if (!(control > 0) || !(patient > 0) || Double.isInfinite(control) || Double.isInfinite(patient)) {
            throw new IllegalArgumentException(
                    "class weights must be finite and > 0, got control " + control + ", patient " + patient);
        }
    }

    /** Weight 1 for both classes: the plain mean binary cross-entropy. */
    public static ClassWeights uniform() {
        return new ClassWeights(1, 1);
    }

    /**
     * w_c = n / (2 n_c) over the windows of {@code recordings}.
     *
     * @throws TrainingException if either class has no window
     */
    public static ClassWeights balanced(Collection<RecordingEntry> recordings) {
        long[] windows = new long[2];
        recordings.forEach(entry -> windows[entry.label()] += entry.windowCount());
        if (windows[0] == 0 || windows[1] == 0) {
            throw new TrainingException("the training recordings have " + windows[0] + " control and " + windows[1]
                    + " patient windows; class weights and a binary classifier need both classes in the train split");
        }
        double n = windows[0] + windows[1];
        return new ClassWeights(n / (2.0 * windows[0]), n / (2.0 * windows[1]));
    }

    /** The weight of a window with {@code label}. */
    public double of(int label) {
        return label == 0 ? control : patient;
    }
}
