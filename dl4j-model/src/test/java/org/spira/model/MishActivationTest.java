package org.spira.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Mish against its definition, and its derivative against central differences. */
class MishActivationTest {
    private static final double[] POINTS = {-30, -8, -2.5, -1, -0.1, 0, 0.3, 1, 2, 7, 21, 23, 40, 90};

    @Test
    void valuesAreXTimesTanhOfSoftplus() {
        INDArray x = Nd4j.create(POINTS);
        INDArray y = new MishActivation().getActivation(x.dup(), true);
        for (int i = 0; i < POINTS.length; i++) {
            assertEquals(mish(POINTS[i]), y.getDouble(i), 1e-12 * (1 + Math.abs(POINTS[i])), "x = " + POINTS[i]);
        }
    }

    @Test
    void derivativeMatchesCentralDifferencesAndStaysFiniteInFloat() {
        INDArray x = Nd4j.create(POINTS);
        INDArray epsilon = Nd4j.ones(DataType.DOUBLE, POINTS.length).muli(2);
        INDArray gradient = new MishActivation().backprop(x.dup(), epsilon).getFirst();
        INDArray floatGradient = new MishActivation()
                .backprop(x.castTo(DataType.FLOAT), epsilon.castTo(DataType.FLOAT))
                .getFirst();
        for (int i = 0; i < POINTS.length; i++) {
            double h = 1e-6;
            double expected = 2 * (mish(POINTS[i] + h) - mish(POINTS[i] - h)) / (2 * h);
            assertEquals(expected, gradient.getDouble(i), 1e-7, "d mish / dx at " + POINTS[i]);
            assertEquals(expected, floatGradient.getDouble(i), 1e-5, "float32 derivative at " + POINTS[i]);
        }
    }

    /** The defect that MishActivation exists for: ND4J's float32 derivative is NaN above x ~ 22. */
    @Test
    void nd4jsOwnMishDerivativeOverflowsInFloat() {
        INDArray x = Nd4j.create(new float[] {23, 40});
        INDArray gradient = Activation.MISH
                .getActivationFunction()
                .backprop(x, Nd4j.onesLike(x))
                .getFirst();
        assertEquals(2, gradient.isNaN().castTo(DataType.INT).sumNumber().intValue(), gradient.toString());
    }

    private static double mish(double x) {
        double softplus = Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
        return x * Math.tanh(softplus);
    }
}
