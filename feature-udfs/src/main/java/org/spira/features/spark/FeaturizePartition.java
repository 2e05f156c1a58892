package org.spira.features.spark;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.functions;
import org.spira.features.FeaturizedVariant;
import org.spira.features.NoiseCorpus;
import org.spira.features.PreparedRecording;
import org.spira.features.RecordingFeaturizer;
import org.spira.features.RecordingRejectedException;
import org.spira.features.dsp.FeatureSpec;
import org.spira.features.dsp.NoiseDraw;

/**
 * Featurizes the recordings of one partition, one recording at a time (memory is bounded by one
 * recording's features, never the partition): reads {@link FeatureRows#INPUT}, emits {@link
 * FeatureRows#OUTPUT} rows, one per window of each variant, or one reject row per recording that
 * cannot be featurized. Noise draws are pure functions of (recording id, variant, seed), so the
 * result does not depend on partitioning.
 */
public final class FeaturizePartition implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;

    private final FeatureSpec spec;
    private final VariantPlan plan;
    private final Broadcast<NoiseCorpus> noise;

    private FeaturizePartition(FeatureSpec spec, VariantPlan plan, Broadcast<NoiseCorpus> noise) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.plan = Objects.requireNonNull(plan, "plan");
        this.noise = noise;
    }

    /** Clean features (variant 0) only. */
    public static FeaturizePartition clean(FeatureSpec spec) {
        return new FeaturizePartition(spec, VariantPlan.cleanOnly(), null);
    }

    /** Clean features plus the noisy variants of {@code plan}, drawn from the broadcast corpus. */
    public static FeaturizePartition withNoise(FeatureSpec spec, VariantPlan plan, Broadcast<NoiseCorpus> noise) {
        return new FeaturizePartition(spec, plan, Objects.requireNonNull(noise, "noise"));
    }

    /** Applies this function to {@code recordings}, which must have the {@link FeatureRows#INPUT} columns. */
    public Dataset<Row> apply(Dataset<Row> recordings) {
        return recordings
                .select(
                        functions.col(FeatureRows.RECORDING_ID),
                        functions.col(FeatureRows.LABEL),
                        functions.col(FeatureRows.CONTENT))
                .mapPartitions(this, Encoders.row(FeatureRows.OUTPUT));
    }

    @Override
    public Iterator<Row> call(Iterator<Row> input) {
        RecordingFeaturizer featurizer =
                noise == null ? new RecordingFeaturizer(spec) : new RecordingFeaturizer(spec, noise.value());
        String version = spec.hash();
        return new FlatteningIterator<>(input, row -> rowsOf(featurizer, version, row));
    }

    private List<Row> rowsOf(RecordingFeaturizer featurizer, String version, Row input) {
        String recordingId = input.getString(0);
        int label = input.getInt(1);
        byte[] content = input.getAs(2);
        try {
            PreparedRecording recording = featurizer.prepare(content);
            List<Row> rows = new ArrayList<>();
            addRows(rows, recordingId, version, featurizer.clean(recording));
            for (int variant = 1; variant <= plan.variants(label); variant++) {
                FeaturizedVariant noisy =
                        featurizer.noisy(recording, recordingId, variant, plan.seed(), plan.noises(label));
                addRows(rows, recordingId, version, noisy);
            }
            return rows;
        } catch (RecordingRejectedException e) {
            return List.of(RowFactory.create(
                    recordingId,
                    version,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    e.reason().code(),
                    e.getMessage()));
        }
    }

    private void addRows(List<Row> rows, String recordingId, String version, FeaturizedVariant features) {
        List<NoiseDraw> draws = features.noise();
        boolean clean = features.variant() == 0;
        String[] ids = draws.stream().map(NoiseDraw::noiseId).toArray(String[]::new);
        Integer[] offsets = draws.stream().map(NoiseDraw::offset).toArray(Integer[]::new);
        Double[] amplitudes = draws.stream().map(NoiseDraw::amplitude).toArray(Double[]::new);
        float[][] windows = features.windows();
        for (int w = 0; w < windows.length; w++) {
            rows.add(RowFactory.create(
                    recordingId,
                    version,
                    features.variant(),
                    w,
                    (long) w * spec.stepSamples(),
                    spec.framesPerWindow(),
                    spec.nMfcc(),
                    windows[w],
                    clean ? null : plan.seed(),
                    ids,
                    offsets,
                    amplitudes,
                    null,
                    null));
        }
    }
}
