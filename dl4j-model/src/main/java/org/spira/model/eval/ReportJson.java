package org.spira.model.eval;

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

    public static String toJson(EvaluationReport report) {
        JsonWriter json = new JsonWriter().beginObject();
        json.name("schema_version").value(SCHEMA_VERSION);
        json.name("condition").value(report.condition());
        spec(json.name("spec"), report.spec());
        level(json.name("windows"), report.windows());
        level(json.name("recordings"), report.recordings());
        json.name("slices").beginArray();
        for (Slice slice : report.slices()) {
            json.beginObject();
            json.name("dimension").value(slice.dimension());
            json.name("value").value(slice.value());
            level(json.name("recordings"), slice.recordings());
            level(json.name("windows"), slice.windows());
            json.endObject();
        }
        json.endArray();
        json.name("roc").beginObject();
        roc(json.name("windows"), report.windowRoc());
        roc(json.name("recordings"), report.recordingRoc());
        return json.endObject().endObject().toString();
    }

    private static void spec(JsonWriter json, EvaluationSpec spec) {
        json.beginObject();
        json.name("threshold").value(spec.threshold());
        json.name("decision").value("patient when probability >= threshold");
        json.name("recording_score").value("mean of window probabilities");
        json.name("confidence_level").value(ConfidenceInterval.LEVEL);
        json.name("bootstrap_replicates").value(spec.bootstrapReplicates());
        json.name("bootstrap_seed").value(spec.bootstrapSeed());
        strings(json.name("age_bands"), spec.ageBands().labels());
        json.endObject();
    }

    private static void level(JsonWriter json, LevelMetrics m) {
        ConfusionMatrix cm = m.confusion();
        json.beginObject();
        json.name("level").value(m.level().key());
        json.name("interval_note").value(m.level().intervalNote());
        json.name("counts").beginObject();
        json.name("items").value(cm.total()).name("patients").value(cm.positives());
        json.name("controls").value(cm.negatives()).name("predicted_patients").value(cm.predictedPositives());
        json.name("predicted_controls").value(cm.predictedNegatives()).endObject();
        json.name("confusion_matrix").beginObject();
        json.name("tp").value(cm.truePositives()).name("fp").value(cm.falsePositives());
        json.name("tn")
                .value(cm.trueNegatives())
                .name("fn")
                .value(cm.falseNegatives())
                .endObject();
        json.name("metrics").beginObject();
        estimate(json.name("accuracy"), m.accuracy());
        estimate(json.name("f1"), m.f1());
        estimate(json.name("sensitivity"), m.sensitivity());
        estimate(json.name("specificity"), m.specificity());
        estimate(json.name("roc_auc"), m.auc());
        json.endObject();
        strings(json.name("notes"), m.notes());
        json.endObject();
    }

    private static void estimate(JsonWriter json, Estimate estimate) {
        json.beginObject();
        if (estimate instanceof Estimate.Defined d) {
            json.name("value").value(d.value());
            interval(json.name("ci95"), d.interval());
        } else if (estimate instanceof Estimate.Undefined u) {
            json.name("value").nullValue();
            json.name("undefined").value(u.reason());
            json.name("ci95").nullValue();
        }
        json.endObject();
    }

    private static void interval(JsonWriter json, ConfidenceInterval interval) {
        json.beginObject();
        if (interval instanceof ConfidenceInterval.Bounds b) {
            json.name("lower").value(b.lower()).name("upper").value(b.upper());
        } else if (interval instanceof ConfidenceInterval.Unavailable u) {
            json.name("lower").nullValue().name("upper").nullValue();
            json.name("unavailable").value(u.reason());
        }
        json.name("method").value(interval.method());
        json.endObject();
    }

    private static void roc(JsonWriter json, Optional<RocCurve> curve) {
        if (curve.isEmpty()) {
            json.nullValue();
            return;
        }
        json.beginArray();
        for (RocCurve.Point p : curve.get().points()) {
            json.beginArray()
                    .value(p.falsePositiveRate())
                    .value(p.truePositiveRate())
                    .endArray();
        }
        json.endArray();
    }

    private static void strings(JsonWriter json, List<String> values) {
        json.beginArray();
        values.forEach(json::value);
        json.endArray();
    }
}
