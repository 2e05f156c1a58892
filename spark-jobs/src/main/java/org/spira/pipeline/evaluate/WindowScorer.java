package org.spira.pipeline.evaluate;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A trained SPIRA network's window probabilities: windows of frames x coefficients (row-major
 * float32 MFCC) in, one patient probability per window out, in batches shaped NCHW {@code
 * [batch, 1, frames, coefficients]} as the network was trained. Inference only (no dropout).
 */
public final class WindowScorer {
    private final MultiLayerNetwork network;
    private final int frames;
    private final int coefficients;

    public WindowScorer(MultiLayerNetwork network, int frames, int coefficients) {
        this.network = network;
        this.frames = frames;
        this.coefficients = coefficients;
    }

    /**
     * The network saved by {@code ModelSerializer} (a checkpoint's {@code model.zip}); its updater
     * state is not loaded.
     */
    public static WindowScorer load(byte[] modelZip, int frames, int coefficients) {
        try {
            return new WindowScorer(
                    ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(modelZip), false),
                    frames,
                    coefficients);
        } catch (IOException e) {
            throw new IllegalStateException("the model's model.zip cannot be read as a DL4J network", e);
        }
    }

    /** One probability per window, in order; every window holds frames x coefficients values. */
    public double[] probabilities(List<float[]> windows) {
        int size = frames * coefficients;
        float[] batch = new float[windows.size() * size];
        for (int i = 0; i < windows.size(); i++) {
            float[] window = windows.get(i);
            if (window.length != size) {
                throw new IllegalArgumentException("window " + i + " has " + window.length + " values but the model"
                        + " takes " + frames + " x " + coefficients + " = " + size);
            }
            System.arraycopy(window, 0, batch, i * size, size);
        }
        INDArray input = Nd4j.create(batch, new long[] {windows.size(), 1, frames, coefficients}, 'c');
        INDArray output = network.output(input, false);
        double[] probabilities = new double[windows.size()];
        for (int i = 0; i < probabilities.length; i++) {
            probabilities[i] = output.getDouble(i, 0);
        }
        return probabilities;
    }
}
