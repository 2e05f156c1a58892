package org.spira.model.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.spira.model.SpiraConvNet;
import org.spira.model.TimeConvolution;

/**
 * Model files written before the time-phase convolutions and the fused GroupNorm layer (commit
 * 825c35a: SpiraConvV2 and V1 on 60-frame windows, after one training step, with the outputs
 * that code computed for a fixed batch) still load, with their own configuration (dilated
 * Deeplearning4j convolutions, separate Mish and pooling layers), and compute the same
 * probabilities; saved again, they stay in that configuration.
 */
class EarlierModelFileTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"v1", "v2"})
    void anEarlierFileLoadsAndComputesWhatItComputedWhenWritten(String architecture) throws IOException {
        MultiLayerNetwork network = ModelFile.load(resource("spira-conv-" + architecture + "-0.1.0.zip"));
        INDArray probabilities = network.output(read("inputs.bin"), false);
        INDArray expected = read("outputs-" + architecture + ".bin");
        double worst = probabilities.sub(expected).div(expected).amaxNumber().doubleValue();
        assertTrue(worst < 1e-5, "relative difference to the probabilities computed when written: " + worst);

        var convolution = network.getLayer("conv1").conf().getLayer();
        assertEquals(ConvolutionLayer.class, convolution.getClass(), "an earlier file keeps its configuration");
        assertTrue(
                SpiraConvNet.configuration(org.spira.model.ModelSpec.paper())
                                .getConf(0)
                                .getLayer()
                        instanceof TimeConvolution);

        Path again = dir.resolve("again.zip");
        ModelFile.save(network, again);
        assertEquals(network.params(), ModelFile.load(again).params());
    }

    private Path resource(String name) throws IOException {
        Path file = dir.resolve(name);
        try (InputStream in = Objects.requireNonNull(
                getClass().getResourceAsStream("/model-files/" + name), "test resource /model-files/" + name)) {
            Files.copy(in, file);
        }
        return file;
    }

    private INDArray read(String name) throws IOException {
        return Nd4j.readBinary(resource(name).toFile());
    }
}
