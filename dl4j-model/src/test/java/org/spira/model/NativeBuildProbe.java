package org.spira.model;

import java.io.File;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One training step of SpiraConvV2 (1 s windows, no dropout) on fixed inputs, for {@link
 * NativeBuildTest}: run as {@code java NativeBuildProbe OUT}, it prints ND4J's native build level
 * (1: generic x86-64, 2: AVX2, 3: AVX-512) and whether it has oneDNN, and saves the window probabilities after the step followed by the
 * parameters, as one ND4J binary array, to OUT.
 */
public final class NativeBuildProbe {
    static final ModelSpec SPEC = ModelSpec.paper().withFrames(101).withDropout(0);

    private NativeBuildProbe() {}

    public static void main(String[] args) throws Exception {
        Nd4j.saveBinary(step(), new File(args[0]));
        var ops = org.nd4j.nativeblas.NativeOpsHolder.getInstance().getDeviceNativeOps();
        System.out.println("binary level " + ops.binaryLevel() + ", oneDNN "
                + ops.buildInfo().contains("HAVE_ONEDNN"));
    }

    /** Probabilities after one step, then the parameters, as one row. */
    static INDArray step() {
        MultiLayerNetwork network = SpiraConvNet.network(SPEC);
        Nd4j.getRandom().setSeed(11);
        INDArray inputs = Nd4j.rand(DataType.FLOAT, 6, 1, SPEC.frames(), SPEC.coefficients())
                .muli(60)
                .subi(30);
        INDArray labels = Nd4j.createFromArray(new float[][] {{1}, {0}, {1}, {0}, {0}, {1}});
        network.fit(inputs, labels);
        INDArray probabilities = network.output(inputs, false).reshape(1, -1);
        return Nd4j.hstack(probabilities, network.params().reshape(1, -1).castTo(DataType.FLOAT));
    }
}
