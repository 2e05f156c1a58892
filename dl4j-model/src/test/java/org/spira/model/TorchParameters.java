package org.spira.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.spira.features.npy.Npy;
import org.spira.features.npy.NpyArray;

/**
 * The network's parameters (or gradients) named and shaped as the PyTorch reference's
 * {@code state_dict}: layer {@code conv1}'s {@code W} is {@code conv1.weight}, its {@code b}
 * {@code conv1.bias}; GroupNorm's {@code gamma}/{@code beta} are {@code weight}/{@code bias}.
 * Dense weights are transposed from Deeplearning4j's {@code [in, out]} to PyTorch's {@code [out,
 * in]}; biases and norm parameters become vectors; convolution weights {@code [out, in, kH, kW]}
 * are the same in both.
 */
public final class TorchParameters {

    private TorchParameters() {}

    /** The parameters, by PyTorch name, in network order. */
    public static Map<String, NpyArray> of(MultiLayerNetwork network) {
        Map<String, NpyArray> state = new LinkedHashMap<>();
        for (Layer layer : network.getLayers()) {
            layer.paramTable().forEach((key, value) -> state.put(name(layer, key), toTorch(key, value)));
        }
        return state;
    }

    /** {@code gradient}'s arrays, by PyTorch name, each multiplied by {@code scale}. */
    static Map<String, NpyArray> of(MultiLayerNetwork network, Gradient gradient, double scale) {
        Map<String, NpyArray> state = new LinkedHashMap<>();
        for (Layer layer : network.getLayers()) {
            for (String key : layer.paramTable().keySet()) {
                INDArray value = gradient.getGradientFor(layer.getIndex() + "_" + key);
                state.put(name(layer, key), toTorch(key, value.mul(scale)));
            }
        }
        return state;
    }

    /** Writes each array as {@code dir/<name>.npy}. */
    public static void write(Map<String, NpyArray> state, Path dir) throws IOException {
        Files.createDirectories(dir);
        for (Map.Entry<String, NpyArray> entry : state.entrySet()) {
            NpyArray array = entry.getValue();
            Npy.writeFloat32(dir.resolve(entry.getKey() + ".npy"), array.shape(), array.data());
        }
    }

    /** Reads {@code dir/<name>.npy} for every name of {@code like}. */
    public static Map<String, NpyArray> read(Path dir, Map<String, NpyArray> like) throws IOException {
        Map<String, NpyArray> state = new LinkedHashMap<>();
        for (String name : like.keySet()) {
            state.put(name, Npy.read(dir.resolve(name + ".npy")));
        }
        return state;
    }

    /** Element-wise {@code a - b} of two states with the same names and shapes. */
    static Map<String, NpyArray> minus(Map<String, NpyArray> a, Map<String, NpyArray> b) {
        Map<String, NpyArray> difference = new LinkedHashMap<>();
        a.forEach((name, left) -> {
            NpyArray right = b.get(name);
            if (!Arrays.equals(left.shape(), right.shape())) {
                throw new IllegalArgumentException(
                        name + ": shapes " + Arrays.toString(left.shape()) + " and " + Arrays.toString(right.shape()));
            }
            float[] values = new float[left.data().length];
            for (int i = 0; i < values.length; i++) {
                values[i] = left.data()[i] - right.data()[i];
            }
            difference.put(name, new NpyArray(left.shape(), values));
        });
        return difference;
    }

    private static String name(Layer layer, String key) {
        String suffix =
                switch (key) {
                    case "W", GroupNormalization.GAMMA -> "weight";
                    case "b", GroupNormalization.BETA -> "bias";
                    default -> throw new IllegalArgumentException("no PyTorch name for parameter " + key);
                };
        return layer.conf().getLayer().getLayerName() + "." + suffix;
    }

    private static NpyArray toTorch(String key, INDArray value) {
        INDArray array = value.castTo(DataType.FLOAT);
        if (key.equals("W") && array.rank() == 2) {
            array = array.transpose();
        } else if (!key.equals("W")) {
            array = array.reshape(array.length());
        }
        INDArray contiguous = array.dup('c');
        int[] shape =
                Arrays.stream(contiguous.shape()).mapToInt(Math::toIntExact).toArray();
        return new NpyArray(shape, contiguous.reshape(contiguous.length()).toFloatVector());
    }
}
