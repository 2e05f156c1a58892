package org.spira.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Parameter counts and layer shapes of SPIRA.md section 5. */
class SpiraConvNetTest {

    @Test
    void v2OnFourSecondWindowsHasThePapersParameterCounts() {
        MultiLayerNetwork network = SpiraConvNet.network(ModelSpec.paper());
        Map<String, Long> byGroup = new LinkedHashMap<>();
        for (org.deeplearning4j.nn.api.Layer layer : network.getLayers()) {
            String name = layer.conf().getLayer().getLayerName();
            String group = name.startsWith("conv") ? "conv" : name.startsWith("norm") ? "norm" : name;
            byGroup.merge(group, layer.numParams(), Long::sum);
        }
        byGroup.values().removeIf(count -> count == 0);
        assertEquals(Map.of("conv", 3_292L, "norm", 120L, "fc1", 688_100L, "fc2", 101L), byGroup);
        assertEquals(691_613, network.numParams());
        assertEquals(691_613, SpiraConvNet.trainableParameters(network));
    }

    @Test
    void v2OnThreeSecondWindowsHas499613Parameters() {
        ModelSpec spec = ModelSpec.paper().withFrames(301);
        assertEquals(31, spec.convolvedFrames());
        assertEquals(499_613, SpiraConvNet.trainableParameters(SpiraConvNet.network(spec)));
    }

    @Test
    void v1Has19613TrainableParametersPlusBatchNormStatistics() {
        MultiLayerNetwork network = SpiraConvNet.network(ModelSpec.paper().withArchitecture(Architecture.V1));
        assertEquals(19_613, SpiraConvNet.trainableParameters(network));
        // Deeplearning4j keeps each BatchNorm's running mean and variance (2 x 60 channels) as parameters.
        assertEquals(19_613 + 120, network.numParams());
    }

    @Test
    void blockOutputsFollowTheTableForFourSecondWindows() {
        Map<String, long[]> expected = new LinkedHashMap<>();
        expected.put("drop1", new long[] {32, 194, 40});
        expected.put("drop2", new long[] {16, 93, 40});
        expected.put("drop3", new long[] {8, 44, 40});
        expected.put("drop4", new long[] {4, 43, 40});
        expected.put("fc1", new long[] {100});
        expected.put("fc2", new long[] {1});
        assertShapes(ModelSpec.paper(), expected);
    }

    @Test
    void blockOutputsForThreeSecondWindowsAndV1() {
        Map<String, long[]> v2 = new LinkedHashMap<>();
        v2.put("drop1", new long[] {32, 144, 40});
        v2.put("drop2", new long[] {16, 68, 40});
        v2.put("drop3", new long[] {8, 32, 40});
        v2.put("drop4", new long[] {4, 31, 40});
        v2.put("fc2", new long[] {1});
        assertShapes(ModelSpec.paper().withFrames(301), v2);

        Map<String, long[]> v1 = new LinkedHashMap<>();
        v1.put("drop4", new long[] {4, 43, 40});
        v1.put("fc1", new long[] {100, 43, 1});
        v1.put("fc2", new long[] {1, 43, 1});
        v1.put("frames", new long[] {1});
        assertShapes(ModelSpec.paper().withArchitecture(Architecture.V1), v1);
    }

    /** Checks both the configuration's declared types and the arrays of a real forward pass. */
    private static void assertShapes(ModelSpec spec, Map<String, long[]> expected) {
        MultiLayerConfiguration configuration = SpiraConvNet.configuration(spec);
        List<InputType> types =
                configuration.getLayerActivationTypes(InputType.convolutional(spec.frames(), spec.coefficients(), 1));
        MultiLayerNetwork network = new MultiLayerNetwork(configuration);
        network.init();
        int batch = 3;
        INDArray input = Nd4j.rand(DataType.FLOAT, batch, 1, spec.frames(), spec.coefficients());
        List<INDArray> activations = network.feedForward(input, false);
        int matched = 0;
        for (int i = 0; i < network.getnLayers(); i++) {
            String name = network.getLayer(i).conf().getLayer().getLayerName();
            long[] shape = expected.get(name);
            if (shape != null) {
                assertArrayEquals(shape, withoutBatch(types.get(i).getShape(true)), "declared output of " + name);
                assertArrayEquals(shape, withoutBatch(activations.get(i + 1).shape()), "computed output of " + name);
                assertEquals(batch, activations.get(i + 1).size(0), "batch of " + name);
                matched++;
            }
        }
        assertEquals(expected.size(), matched, "layers named in the table found in the network");
        INDArray output = network.output(input);
        assertArrayEquals(new long[] {batch, 1}, output.shape());
        assertTrue(output.minNumber().doubleValue() > 0 && output.maxNumber().doubleValue() < 1, "probabilities");
    }

    private static long[] withoutBatch(long[] shape) {
        return java.util.Arrays.copyOfRange(shape, 1, shape.length);
    }
}
