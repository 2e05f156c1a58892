package org.spira.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Parameter layout of {@link GroupNormalization}: {@code gamma} then {@code beta}, each {@code [1, C]}. */
final class GroupNormalizationParams implements ParamInitializer {

    static final GroupNormalizationParams INSTANCE = new GroupNormalizationParams();

    private static final List<String> KEYS = List.of(GroupNormalization.GAMMA, GroupNormalization.BETA);

    private GroupNormalizationParams() {}

    @Override
    public long numParams(NeuralNetConfiguration conf) {
        return numParams(conf.getLayer());
    }

    @Override
    public long numParams(Layer layer) {
        return 2 * ((FeedForwardLayer) layer).getNOut();
    }

    @Override
    public List<String> paramKeys(Layer layer) {
        return KEYS;
    }

    @Override
    public List<String> weightKeys(Layer layer) {
        return List.of(GroupNormalization.GAMMA);
    }

    @Override
    public List<String> biasKeys(Layer layer) {
        return List.of(GroupNormalization.BETA);
    }

    @Override
    public boolean isWeightParam(Layer layer, String key) {
        return GroupNormalization.GAMMA.equals(key);
    }

    @Override
    public boolean isBiasParam(Layer layer, String key) {
        return GroupNormalization.BETA.equals(key);
    }

    @Override
    public Map<String, INDArray> init(NeuralNetConfiguration conf, INDArray paramView, boolean initializeParams) {
        Map<String, INDArray> params = views(conf, paramView);
        if (initializeParams) {
            params.get(GroupNormalization.GAMMA).assign(1);
            params.get(GroupNormalization.BETA).assign(0);
        }
        KEYS.forEach(conf::addVariable);
        return params;
    }

    @Override
    public Map<String, INDArray> getGradientsFromFlattened(NeuralNetConfiguration conf, INDArray gradientView) {
        return views(conf, gradientView);
    }

    private static Map<String, INDArray> views(NeuralNetConfiguration conf, INDArray flat) {
        long channels = ((FeedForwardLayer) conf.getLayer()).getNOut();
        INDArray vector = flat.reshape(flat.length());
        Map<String, INDArray> views = new LinkedHashMap<>();
        views.put(
                GroupNormalization.GAMMA,
                vector.get(NDArrayIndex.interval(0, channels)).reshape(1, channels));
        views.put(
                GroupNormalization.BETA,
                vector.get(NDArrayIndex.interval(channels, 2 * channels)).reshape(1, channels));
        return Collections.synchronizedMap(views);
    }
}
