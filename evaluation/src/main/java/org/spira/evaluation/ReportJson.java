package org.spira.evaluation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;

/**
 * The JSON form of an {@link EvaluationReport}, for MLflow artifacts. Field names are
 * snake_case and stable ({@value #SCHEMA_VERSION} is bumped on any change). An undefined
 * metric has {@code "value": null} and an {@code "undefined"} reason; an unavailable
 * interval has null bounds and an {@code "unavailable"} reason. No NaN is ever written.
 */
public final class ReportJson {
    public static final int SCHEMA_VERSION = 1;

    private ReportJson() {}

    /** The report as one line of JSON: fields in a fixed order, so equal reports give equal bytes. */
    public static String toJson(EvaluationReport report) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("schema_version", SCHEMA_VERSION);
        json.put("condition", report.condition());
        json.set("spec", spec(report.spec()));
        json.set("windows", level(report.windows()));
        json.set("recordings", level(report.recordings()));
        ArrayNode slices = json.putArray("slices");
        for (Slice slice : report.slices()) {
            ObjectNode node = slices.addObject();
            node.put("dimension", slice.dimension());
            node.put("value", slice.value());
            node.set("recordings", level(slice.recordings()));
            node.set("windows", level(slice.windows()));
        }
        ObjectNode roc = json.putObject("roc");
        roc.set("windows", roc(report.windowRoc()));
        roc.set("recordings", roc(report.recordingRoc()));
        return json.toString();
    }

    private static ObjectNode spec(EvaluationSpec spec) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("threshold", finite(spec.threshold()));
        json.put("decision", "patient when probability >= threshold");
        json.put("recording_score", "mean of window probabilities");
        json.put("confidence_level", finite(ConfidenceInterval.LEVEL));
        json.put("bootstrap_replicates", spec.bootstrapReplicates());
        json.put("bootstrap_seed", spec.bootstrapSeed());
        json.set("age_bands", strings(spec.ageBands().labels()));
        return json;
    }

    private static ObjectNode level(LevelMetrics m) {
        ConfusionMatrix cm = m.confusion();
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("level", m.level().key());
        json.put("interval_note", m.level().intervalNote());
        json.putObject("counts")
                .put("items", cm.total())
                .put("patients", cm.positives())
                .put("controls", cm.negatives())
                .put("predicted_patients", cm.predictedPositives())
                .put("predicted_controls", cm.predictedNegatives());
        json.putObject("confusion_matrix")
                .put("tp", cm.truePositives())
                .put("fp", cm.falsePositives())
                .put("tn", cm.trueNegatives())
                .put("fn", cm.falseNegatives());
        ObjectNode metrics = json.putObject("metrics");
        metrics.set("accuracy", estimate(m.accuracy()));
        metrics.set("f1", estimate(m.f1()));
        metrics.set("sensitivity", estimate(m.sensitivity()));
        metrics.set("specificity", estimate(m.specificity()));
        metrics.set("roc_auc", estimate(m.auc()));
        json.set("notes", strings(m.notes()));
        return json;
    }

    private static ObjectNode estimate(Estimate estimate) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        if (estimate instanceof Estimate.Defined d) {
            json.put("value", finite(d.value()));
            json.set("ci95", interval(d.interval()));
        } else if (estimate instanceof Estimate.Undefined u) {
            json.putNull("value");
            json.put("undefined", u.reason());
            json.putNull("ci95");
        }
        return json;
    }

    private static ObjectNode interval(ConfidenceInterval interval) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        if (interval instanceof ConfidenceInterval.Bounds b) {
            json.put("lower", finite(b.lower())).put("upper", finite(b.upper()));
        } else if (interval instanceof ConfidenceInterval.Unavailable u) {
            json.putNull("lower").putNull("upper");
            json.put("unavailable", u.reason());
        }
        json.put("method", interval.method());
        return json;
    }

    private static JsonNode roc(Optional<RocCurve> curve) {
        if (curve.isEmpty()) {
            return NullNode.getInstance();
        }
        ArrayNode points = JsonNodeFactory.instance.arrayNode();
        for (RocCurve.Point p : curve.get().points()) {
            points.addArray().add(finite(p.falsePositiveRate())).add(finite(p.truePositiveRate()));
        }
        return points;
    }

    private static ArrayNode strings(List<String> values) {
        ArrayNode json = JsonNodeFactory.instance.arrayNode();
        values.forEach(json::add);
        return json;
    }

    /** JSON has no NaN or infinity: an undefined value is reported as null with a reason instead. */
    private static double finite(double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(
                    "JSON has no " + value + ": report undefined values as null with a reason");
        }
        return value;
    }
}
