package org.spira.model;

import java.util.Collection;
import java.util.Map;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.LayerValidation;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A convolution along time only, {@code torch.nn.Conv2d(in, out, (k, 1), dilation=(d, 1))}: kernel
 * (k, 1), dilation (d, 1), stride 1, no padding, on NCHW {@code [N, C, T, F]} to {@code [N, C',
 * T - d (k - 1), F]}. It is Deeplearning4j's {@link ConvolutionLayer} in configuration,
 * parameters ({@code W [C', C, k, 1]}, {@code b [1, C']}) and initialisation; only the computation
 * differs ({@link TimeConvolutionLayer}): ND4J's own conv2d operation, which oneDNN builds run
 * with oneDNN, on the time-phase layout that turns the dilated convolution into an undilated one.
 */
public final class TimeConvolution extends ConvolutionLayer {
    private static final long serialVersionUID = 1L;

    private TimeConvolution() {
        // for JSON deserialisation
    }

    private TimeConvolution(Builder builder) {
        super(builder);
    }

    /** Kernel length k along time. */
    int kernel() {
        return getKernelSize()[0];
    }

    /** Dilation d along time. */
    int dilation() {
        return getDilation()[0];
    }

    @Override
    public TimeConvolution clone() {
        return (TimeConvolution) super.clone();
    }

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(
            NeuralNetConfiguration conf,
            Collection<TrainingListener> listeners,
            int layerIndex,
            INDArray layerParamsView,
            boolean initializeParams,
            DataType networkDataType) {
        LayerValidation.assertNInNOutSet("TimeConvolution", getLayerName(), layerIndex, getNIn(), getNOut());
        TimeConvolutionLayer layer = new TimeConvolutionLayer(conf, networkDataType);
        layer.setListeners(listeners);
        layer.setIndex(layerIndex);
        layer.setParamsViewArray(layerParamsView);
        Map<String, INDArray> params = initializer().init(conf, layerParamsView, initializeParams);
        layer.setParamTable(params);
        layer.setConf(conf);
        return layer;
    }

    /** Builds a TimeConvolution of kernel (k, 1) and dilation (d, 1). */
    public static final class Builder extends ConvolutionLayer.Builder {
        public Builder(int kernel, int dilation) {
            super(kernel, 1);
            if (kernel < 1 || dilation < 1) {
                throw new ModelException(
                        "TimeConvolution kernel " + kernel + " and dilation " + dilation + " must be >= 1");
            }
            dilation(dilation, 1);
            stride(1, 1);
            padding(0, 0);
        }

        @Override
        @SuppressWarnings("unchecked")
        public TimeConvolution build() {
            return new TimeConvolution(this);
        }
    }
}
