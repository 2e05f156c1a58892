package org.spira.pipeline.scoring;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A trained SPIRA network's window probabilities: windows of frames x coefficients (row-major
 * float32 MFCC) in, one patient probability per window out, computed in inference calls of at
 * most {@code batchWindows} windows, each shaped NCHW {@code [batch, 1, frames, coefficients]} as
 * the network was trained. Inference only (no dropout). The one way windows are scored: {@code
 * evaluate}'s executors (stored feature windows), {@code score}'s and {@code spira-predict}'s
 * ({@link RecordingScorer}) all call it. Not thread-safe: one per thread or Spark task.
 */
public final class WindowScorer {
    private final MultiLayerNetwork network;
    private final int frames;
    private final int coefficients;
    private final int batchWindows;

    public WindowScorer(MultiLayerNetwork network, int frames, int coefficients, int batchWindows) {
        if (batchWindows < 1) {
            throw new IllegalArgumentException("batchWindows = " + batchWindows + ": score at least 1 window per call");
        }
        this.network = network;
        this.frames = frames;
        this.coefficients = coefficients;
        this.batchWindows = batchWindows;
    }

    /**
     * The network saved by {@code ModelSerializer} (a checkpoint's {@code model.zip}); its updater
     * state is not loaded.
     */
    public static WindowScorer load(byte[] modelZip, int frames, int coefficients, int batchWindows) {
        try {
            return new WindowScorer(
                    ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(modelZip), false),
                    frames,
                    coefficients,
                    batchWindows);
        } catch (IOException e) {
            throw new IllegalStateException("the model's model.zip cannot be read as a DL4J network", e);
        }
    }

    /**
     * One probability per window, in order; every window holds frames x coefficients values.
     * Windows go to the network {@code batchWindows} at a time.
     */
    public double[] probabilities(List<float[]> windows) {
        double[] probabilities = new double[windows.size()];
        for (int from = 0; from < windows.size(); from += batchWindows) {
            int to = Math.min(windows.size(), from + batchWindows);
            score(windows.subList(from, to), from, probabilities);
        }
        return probabilities;
    }

    private void score(List<float[]> batch, int offset, double[] probabilities) {
        int size = frames * coefficients;
        float[] values = new float[batch.size() * size];
        for (int i = 0; i < batch.size(); i++) {
            float[] window = batch.get(i);
            if (window.length != size) {
                throw new IllegalArgumentException("window " + (offset + i) + " has " + window.length
                        + " values but the model takes " + frames + " x " + coefficients + " = " + size);
            }
            System.arraycopy(window, 0, values, i * size, size);
        }
        INDArray input = Nd4j.create(values, new long[] {batch.size(), 1, frames, coefficients}, 'c');
        INDArray output = network.output(input, false);
        for (int i = 0; i < batch.size(); i++) {
            probabilities[offset + i] = output.getDouble(i, 0);
        }
    }
}
