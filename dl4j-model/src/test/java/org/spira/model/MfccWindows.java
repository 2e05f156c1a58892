package org.spira.model;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.spira.features.RecordingFeaturizer;
import org.spira.features.RecordingRejectedException;
import org.spira.features.dsp.FeatureSpec;
import org.spira.features.testing.MetadataCsv;
import org.spira.features.testing.SharedData;

/**
 * Real network inputs: SPIRA MFCC windows (401 x 40) of shared public recordings, computed by
 * audio-core's front end, labelled 1 for {@code respiratory} and 0 for {@code control}.
 */
final class MfccWindows {

    /**
     * @param inputs {@code [windows, 1, 401, 40]} float32
     * @param labels {@code [windows, 1]} float32
     */
    record Batch(INDArray inputs, INDArray labels) {
        int size() {
            return (int) inputs.size(0);
        }
    }

    private MfccWindows() {}

    /**
     * The first {@code windowsEach} windows of the first {@code recordingsPerClass} recordings
     * (by path) of each class that are long enough, controls first.
     */
    static Batch load(int recordingsPerClass, int windowsEach) throws RecordingRejectedException {
        FeatureSpec spec = FeatureSpec.spira();
        RecordingFeaturizer featurizer = new RecordingFeaturizer(spec);
        double minSeconds = (spec.windowSamples() + (windowsEach - 1.0) * spec.stepSamples()) / spec.sampleRate();
        List<float[]> windows = new ArrayList<>();
        List<Float> labels = new ArrayList<>();
        for (String label : List.of("control", "respiratory")) {
            for (Map<String, String> row : recordings(label, minSeconds, recordingsPerClass)) {
                Path audio = SharedData.root().resolve("public").resolve(row.get("path"));
                float[][] features = featurizer
                        .clean(featurizer.prepare(SharedData.bytes(audio)))
                        .windows();
                for (int w = 0; w < windowsEach; w++) {
                    windows.add(features[w]);
                    labels.add(label.equals("respiratory") ? 1f : 0f);
                }
            }
        }
        return new Batch(stack(windows, spec), column(labels));
    }

    private static List<Map<String, String>> recordings(String label, double minSeconds, int count) {
        List<Map<String, String>> rows = MetadataCsv.rows(SharedData.root().resolve("public/metadata.csv")).stream()
                .filter(row -> row.get("label").equals(label))
                .filter(row -> Double.parseDouble(row.get("duration_s")) >= minSeconds)
                .sorted(Comparator.comparing(row -> row.get("path")))
                .limit(count)
                .toList();
        if (rows.size() < count) {
            throw new IllegalStateException("the shared public data has only " + rows.size() + " " + label
                    + " recordings of at least " + minSeconds + " s; " + count + " are needed");
        }
        return rows;
    }

    private static INDArray stack(List<float[]> windows, FeatureSpec spec) {
        int frames = spec.framesPerWindow();
        int coefficients = spec.nMfcc();
        float[] flat = new float[windows.size() * frames * coefficients];
        for (int i = 0; i < windows.size(); i++) {
            System.arraycopy(windows.get(i), 0, flat, i * frames * coefficients, frames * coefficients);
        }
        return Nd4j.create(flat, new long[] {windows.size(), 1, frames, coefficients}, 'c');
    }

    private static INDArray column(List<Float> values) {
        INDArray column = Nd4j.create(DataType.FLOAT, values.size(), 1);
        for (int i = 0; i < values.size(); i++) {
            column.putScalar(i, 0, values.get(i));
        }
        return column;
    }
}
