package org.spira.pipeline.evaluate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.spira.features.dsp.FeatureSpec;
import org.spira.pipeline.config.ConfigException;

/**
 * Reads a {@link FeatureSpec} back from its canonical JSON ({@link FeatureSpec#toJson()}), as a
 * model's {@code feature_spec.json} artifact holds it, and checks it is exactly the feature
 * version the model's lineage names: the same parameters give the same hash.
 */
public final class FeatureSpecJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private FeatureSpecJson() {}

    /**
     * @param json the spec's canonical JSON
     * @param expectedHash the feature version it must have
     * @param origin where the JSON came from, for messages
     * @throws ConfigException when it is not a FeatureSpec or has another feature version
     */
    public static FeatureSpec parse(String json, String expectedHash, String origin) {
        FeatureSpec spec;
        try {
            JsonNode node = JSON.readTree(json);
            spec = new FeatureSpec(
                    integer(node, "sampleRate"),
                    integer(node, "windowSamples"),
                    integer(node, "stepSamples"),
                    integer(node, "nFft"),
                    integer(node, "winLength"),
                    integer(node, "hopLength"),
                    integer(node, "nMels"),
                    integer(node, "nMfcc"),
                    real(node, "fMin"),
                    real(node, "fMax"),
                    real(node, "topDb"),
                    integer(node, "resampleLowpassWidth"),
                    real(node, "resampleRolloff"),
                    real(node, "noiseMinAmplitude"),
                    real(node, "noiseMaxAmplitude"));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new ConfigException(
                    origin + " is not a feature spec (" + e.getMessage()
                            + "): the model was not registered by the train stage",
                    e);
        }
        if (!spec.hash().equals(expectedHash)) {
            throw new ConfigException(origin + " has feature version " + spec.hash() + " but the model's lineage"
                    + " names " + expectedHash + ": it was written by another front end; re-train the model");
        }
        return spec;
    }

    private static int integer(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.canConvertToInt()) {
            throw new IllegalArgumentException("field " + field + " is missing or not an integer");
        }
        return value.intValue();
    }

    private static double real(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isNumber()) {
            throw new IllegalArgumentException("field " + field + " is missing or not a number");
        }
        return value.doubleValue();
    }
}
