package org.spira.pipeline.evaluate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.stream.Stream;
import org.spira.features.dsp.FeatureSpec;
import org.spira.pipeline.lineage.Recorded;

/**
 * Reads a {@link FeatureSpec} back from its canonical JSON ({@link FeatureSpec#toJson()}), as a
 * model's {@code feature_spec.json} artifact holds it, and checks it is exactly the feature
 * version the model's lineage names: the same parameters give the same hash.
 */
public final class FeatureSpecJson {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> INTEGER_FIELDS = List.of(
            "sampleRate",
            "windowSamples",
            "stepSamples",
            "nFft",
            "winLength",
            "hopLength",
            "nMels",
            "nMfcc",
            "resampleLowpassWidth");
    private static final List<String> NUMBER_FIELDS =
            List.of("fMin", "fMax", "topDb", "resampleRolloff", "noiseMinAmplitude", "noiseMaxAmplitude");

    private FeatureSpecJson() {}

    /**
     * @param json the spec's canonical JSON
     * @param expectedHash the feature version it must have
     * @param origin where the JSON came from, for messages
     * @return the spec, or why {@code json} is not a FeatureSpec of that feature version
     */
    public static Recorded<FeatureSpec> parse(String json, String expectedHash, String origin) {
        JsonNode node;
        try {
            node = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            return notASpec(origin, "not JSON: " + e.getOriginalMessage());
        }
        List<String> invalid = Stream.concat(
                        INTEGER_FIELDS.stream()
                                .filter(field -> !node.path(field).canConvertToInt()),
                        NUMBER_FIELDS.stream().filter(field -> !node.path(field).isNumber()))
                .toList();
        if (!invalid.isEmpty()) {
            return notASpec(origin, "fields " + invalid + " are missing or not numbers");
        }
        FeatureSpec spec;
        try {
            spec = spec(node);
        } catch (IllegalArgumentException e) {
            // FeatureSpec validates its values in its constructor, and has no other check
            return notASpec(origin, e.getMessage());
        }
        if (!spec.hash().equals(expectedHash)) {
            return Recorded.missing(origin + " has feature version " + spec.hash() + " but the model's lineage"
                    + " names " + expectedHash + ": it was written by another front end; re-train the model");
        }
        return Recorded.of(spec);
    }

    private static FeatureSpec spec(JsonNode node) {
        return new FeatureSpec(
                node.get("sampleRate").intValue(),
                node.get("windowSamples").intValue(),
                node.get("stepSamples").intValue(),
                node.get("nFft").intValue(),
                node.get("winLength").intValue(),
                node.get("hopLength").intValue(),
                node.get("nMels").intValue(),
                node.get("nMfcc").intValue(),
                node.get("fMin").doubleValue(),
                node.get("fMax").doubleValue(),
                node.get("topDb").doubleValue(),
                node.get("resampleLowpassWidth").intValue(),
                node.get("resampleRolloff").doubleValue(),
                node.get("noiseMinAmplitude").doubleValue(),
                node.get("noiseMaxAmplitude").doubleValue());
    }

    private static Recorded<FeatureSpec> notASpec(String origin, String why) {
        return Recorded.missing(
                origin + " is not a feature spec (" + why + "): the model was not registered by the train stage");
    }
}
