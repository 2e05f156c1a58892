package org.spira.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** PyTorch's drop probability 0.7 becomes retain 0.3, and the head flattens time-major. */
class DropoutAndFlattenTest {

    @Test
    void dropoutDropsSeventyPercentAndScalesSurvivorsByOneOverThreeTenths() {
        MultiLayerNetwork network = SpiraConvNet.network(ModelSpec.paper());
        DropoutLayer layer = (DropoutLayer) network.getLayer("drop1").conf().getLayer();
        assertEquals("drop1", layer.getLayerName());
        Dropout dropout = (Dropout) layer.getIDropout();
        assertEquals(0.3, dropout.getP(), 1e-15);

        Nd4j.getRandom().setSeed(5);
        int n = 200_000;
        INDArray ones = Nd4j.ones(DataType.FLOAT, 1, n);
        INDArray out = dropout.applyDropout(ones, ones.ulike(), 0, 0, LayerWorkspaceMgr.noWorkspaces());
        double kept = out.neq(0).castTo(DataType.DOUBLE).sumNumber().doubleValue() / n;
        // Binomial(n, 0.3): standard deviation of the kept fraction ~ 0.001; 5 sigma.
        assertEquals(0.3, kept, 0.005);
        assertEquals(1 / 0.3, out.maxNumber().doubleValue(), 1e-5);
    }

    @Test
    void flattenPutsElementCTFAtColumnTTimesCPlusCTimesFPlusF() {
        int channels = 4, frames = 3, coefficients = 5;
        TimeMajorFlatten flatten = new TimeMajorFlatten(channels, frames, coefficients);
        INDArray input = Nd4j.create(DataType.DOUBLE, 2, channels, frames, coefficients);
        for (int n = 0; n < 2; n++)
            for (int c = 0; c < channels; c++)
                for (int t = 0; t < frames; t++)
                    for (int f = 0; f < coefficients; f++)
                        input.putScalar(new int[] {n, c, t, f}, 1000 * n + 100 * c + 10 * t + f);
        INDArray flat = flatten.preProcess(input, 2, LayerWorkspaceMgr.noWorkspaces());
        assertEquals(2 * channels * frames * coefficients, flat.length());
        for (int n = 0; n < 2; n++)
            for (int c = 0; c < channels; c++)
                for (int t = 0; t < frames; t++)
                    for (int f = 0; f < coefficients; f++)
                        assertEquals(
                                1000 * n + 100 * c + 10 * t + f,
                                flat.getDouble(n, (t * channels + c) * coefficients + f));
        INDArray back = flatten.backprop(flat, 2, LayerWorkspaceMgr.noWorkspaces());
        assertTrue(back.equalShapes(input) && back.equals(input), "backprop inverts the permutation");
    }
}
