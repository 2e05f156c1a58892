package org.spira.model.train;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Stacks the windows of planned recordings into one DL4J {@link DataSet}: features NCHW float32
 * {@code [m, 1, frames, coefficients]} and labels {@code [m, 1]} (0 or 1), no masks (class weights
 * live in the loss, {@link ClassWeightedBinaryXent}). Rows follow the plan:
 * recording by recording in plan order, each recording's windows in window order, whatever order
 * the source returned them in.
 */
public final class MinibatchAssembler {
    private final WindowShape shape;

    public MinibatchAssembler(WindowShape shape) {
        this.shape = shape;
    }

    /**
     * The minibatch of {@code plan} from {@code windows}.
     *
     * @throws TrainingException if a planned window is missing, duplicated, of the wrong label or
     *     shape, or a window that was not planned is present
     */
    public DataSet assemble(List<PlannedRecording> plan, Collection<TrainingWindow> windows) {
        Map<WindowKey, TrainingWindow> byKey = byKey(windows);
        int rows = plan.stream().mapToInt(PlannedRecording::windowCount).sum();
        if (byKey.size() != rows) {
            throw new TrainingException("the source returned " + byKey.size() + " windows for a minibatch that plans "
                    + rows + "; a window source must return exactly the planned windows");
        }
        float[] features = new float[rows * shape.size()];
        float[] labels = new float[rows];
        int row = 0;
        for (PlannedRecording recording : plan) {
            for (int w = 0; w < recording.windowCount(); w++, row++) {
                TrainingWindow window = planned(byKey, recording, w);
                System.arraycopy(window.mfcc(), 0, features, row * shape.size(), shape.size());
                labels[row] = recording.label();
            }
        }
        return new DataSet(
                Nd4j.create(features, new long[] {rows, 1, shape.frames(), shape.coefficients()}, DataType.FLOAT),
                Nd4j.create(labels, new long[] {rows, 1}, DataType.FLOAT));
    }

    private TrainingWindow planned(Map<WindowKey, TrainingWindow> byKey, PlannedRecording recording, int index) {
        TrainingWindow window = byKey.get(new WindowKey(recording.recordingId(), recording.variant(), index));
        if (window == null || window.label() != recording.label() || window.mfcc().length != shape.size()) {
            throw new TrainingException("window " + index + " of variant " + recording.variant() + " of recording "
                    + recording.recordingId() + " is "
                    + (window == null
                            ? "missing"
                            : "labelled " + window.label() + " with " + window.mfcc().length + " values")
                    + "; expected label " + recording.label() + " and " + shape.frames() + " x "
                    + shape.coefficients() + " values: check the feature version and the source");
        }
        return window;
    }

    private static Map<WindowKey, TrainingWindow> byKey(Collection<TrainingWindow> windows) {
        Map<WindowKey, TrainingWindow> byKey = new HashMap<>();
        for (TrainingWindow window : windows) {
            WindowKey key = new WindowKey(window.recordingId(), window.variant(), window.windowIndex());
            if (byKey.put(key, window) != null) {
                throw new TrainingException("window " + key.window() + " of variant " + key.variant() + " of recording "
                        + key.recordingId() + " was returned twice; deduplicate the feature rows");
            }
        }
        return byKey;
    }

    private record WindowKey(String recordingId, int variant, int window) {}
}
