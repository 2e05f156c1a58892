package org.spira.features.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;
import org.spira.features.NoiseCorpus;
import org.spira.features.RecordingFeaturizer;
import org.spira.features.RecordingId;
import org.spira.features.dsp.FeatureSpec;
import org.spira.features.testing.SharedData;
import org.spira.features.testing.SparkSessionTestBase;
import scala.collection.Seq;

class FeaturizePartitionTest extends SparkSessionTestBase {
    private static final FeatureSpec SPEC = FeatureSpec.spira();
    private static final String CONTROL = "public/audio/0Rlzhiz6bybk77wdLjxwy7yLDhg1/counting-fast.wav";
    private static final String PATIENT = "public/audio/L7S8iIPKgiO6QWLC3mGkROCMa0s1/counting-fast.wav";
    private static final String SHORT = "native-rate/klettres-pt_BR/alpha/n.ogg";

    private Dataset<Row> recordings() {
        List<Row> rows = new ArrayList<>();
        rows.add(input(SharedData.bytes(SharedData.root().resolve(CONTROL)), 0));
        rows.add(input(SharedData.bytes(SharedData.root().resolve(PATIENT)), 1));
        rows.add(input(SharedData.bytes(SharedData.root().resolve(SHORT)), 0));
        rows.add(input("garbage, not audio".getBytes(StandardCharsets.UTF_8), 1));
        return spark().createDataFrame(rows, FeatureRows.INPUT);
    }

    private static Row input(byte[] content, int label) {
        return RowFactory.create(RecordingId.of(content), label, content);
    }

    private static int windows(String relative) throws Exception {
        RecordingFeaturizer featurizer = new RecordingFeaturizer(SPEC);
        return featurizer
                .clean(featurizer.prepare(SharedData.bytes(SharedData.root().resolve(relative))))
                .windows()
                .length;
    }

    @Test
    void cleanFeaturesOneRowPerWindowAndOneRejectRowPerBadRecording() throws Exception {
        List<Row> out = FeaturizePartition.clean(SPEC).apply(recordings()).collectAsList();
        List<Row> rejects = out.stream()
                .filter(r -> r.getAs(FeatureRows.REJECT_REASON) != null)
                .toList();
        List<Row> features = out.stream()
                .filter(r -> r.getAs(FeatureRows.REJECT_REASON) == null)
                .toList();
        assertEquals(windows(CONTROL) + windows(PATIENT), features.size());
        assertEquals(
                List.of("not_audio", "too_short"),
                rejects.stream()
                        .map(r -> r.<String>getAs(FeatureRows.REJECT_REASON))
                        .sorted()
                        .toList());
        for (Row reject : rejects) {
            assertNull(reject.getAs(FeatureRows.MFCC));
            assertTrue(!reject.<String>getAs(FeatureRows.REJECT_MESSAGE).isBlank());
        }
        for (Row row : features) {
            assertEquals(SPEC.hash(), row.getAs(FeatureRows.FEATURE_VERSION));
            assertEquals(0, row.<Integer>getAs(FeatureRows.VARIANT));
            assertEquals(
                    16_000L * row.<Integer>getAs(FeatureRows.WINDOW_INDEX), row.<Long>getAs(FeatureRows.START_SAMPLE));
            assertEquals(401 * 40, row.<Seq<Float>>getAs(FeatureRows.MFCC).size());
        }
    }

    @Test
    void theMfccColumnHoldsTheLibraryResultRowMajor() throws Exception {
        byte[] bytes = SharedData.bytes(SharedData.root().resolve(PATIENT));
        RecordingFeaturizer featurizer = new RecordingFeaturizer(SPEC);
        float[] expected = featurizer.clean(featurizer.prepare(bytes)).windows()[2];
        Row row = FeaturizePartition.clean(SPEC)
                .apply(recordings())
                .where("recording_id = '" + RecordingId.of(bytes) + "' and window_index = 2")
                .first();
        assertArrayEquals(expected, mfcc(row));
    }

    @Test
    void noisyVariantsFollowThePlanPerClassAndDoNotDependOnPartitioning() throws Exception {
        NoiseCorpus corpus = NoiseCorpus.fromDirectory(SharedData.root().resolve("noise"), SPEC);
        Broadcast<NoiseCorpus> noise = jsc().broadcast(corpus);
        FeaturizePartition featurize = FeaturizePartition.withNoise(SPEC, new VariantPlan(1, 2, 3, 2, 42), noise);
        Dataset<Row> input = recordings();
        Map<String, Integer> onePartition = fingerprints(featurize.apply(input.repartition(1)));
        Map<String, Integer> threePartitions = fingerprints(featurize.apply(input.repartition(3)));
        assertEquals(onePartition, threePartitions);

        List<Row> rows = featurize.apply(input).where("reject_reason is null").collectAsList();
        Map<Integer, Long> perVariant = rows.stream()
                .collect(Collectors.groupingBy(
                        r -> r.<Integer>getAs(FeatureRows.VARIANT), TreeMap::new, Collectors.counting()));
        int control = windows(CONTROL);
        int patient = windows(PATIENT);
        assertEquals(Map.of(0, (long) control + patient, 1, (long) control + patient, 2, (long) patient), perVariant);
        for (Row row : rows) {
            int variant = row.getAs(FeatureRows.VARIANT);
            int label = row.getString(0)
                            .equals(RecordingId.of(
                                    SharedData.bytes(SharedData.root().resolve(PATIENT))))
                    ? 1
                    : 0;
            int expectedNoises = variant == 0 ? 0 : (label == 0 ? 3 : 2);
            assertEquals(
                    expectedNoises,
                    row.<Seq<String>>getAs(FeatureRows.NOISE_IDS).size());
            assertEquals(variant == 0 ? null : 42L, row.<Long>getAs(FeatureRows.NOISE_SEED));
        }
    }

    @Test
    void probeAudioReportsWhatTheHeaderSaysOrTheRejectReasonWhateverTheSpec() throws Exception {
        ProbeAudioUdf.register(spark());
        recordings().createOrReplaceTempView("recordings");
        Set<String> probes = spark()
                .sql("SELECT label, probe_audio(content) AS p FROM recordings")
                .select("label", "p.format", "p.sample_rate", "p.channels", "p.duration_s", "p.reject_reason")
                .collectAsList()
                .stream()
                .map(Row::toString)
                .collect(Collectors.toSet());
        assertEquals(
                Set.of(
                        RowFactory.create(0, "wav_pcm16", 16_000, 1, 94_208 / 16_000.0, null)
                                .toString(),
                        RowFactory.create(1, "wav_pcm16", 16_000, 1, 146_091 / 16_000.0, null)
                                .toString(),
                        // native-rate/metadata.csv: 44.1 kHz stereo, 84672 samples per channel
                        RowFactory.create(0, "ogg_vorbis", 44_100, 2, 84_672 / 44_100.0, null)
                                .toString(),
                        RowFactory.create(1, null, null, null, null, "not_audio")
                                .toString()),
                probes,
                "a recording shorter than the spec's window is no reject of the probe");
    }

    private static float[] mfcc(Row row) {
        List<Float> values = row.getList(row.fieldIndex(FeatureRows.MFCC));
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }

    /** (recording, variant, window) to a hash of its MFCC and noise lineage. */
    private static Map<String, Integer> fingerprints(Dataset<Row> features) {
        Map<String, Integer> out = new TreeMap<>();
        for (Row row : features.where("reject_reason is null").collectAsList()) {
            String key = row.getString(0) + "/" + row.getInt(row.fieldIndex(FeatureRows.VARIANT)) + "/"
                    + row.getInt(row.fieldIndex(FeatureRows.WINDOW_INDEX));
            out.put(
                    key,
                    Arrays.hashCode(mfcc(row)) * 31
                            + row.getList(row.fieldIndex(FeatureRows.NOISE_OFFSETS))
                                    .hashCode());
        }
        return out;
    }
}
