package org.spira.pipeline.forget;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.amazonaws.services.s3.AmazonS3;
import com.amazonaws.services.s3.model.ListObjectsV2Request;
import com.amazonaws.services.s3.model.ListObjectsV2Result;
import com.amazonaws.services.s3.model.S3ObjectSummary;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.spira.features.dsp.FeatureSpec;
import org.spira.features.spark.VariantPlan;
import org.spira.features.testing.MetadataCsv;
import org.spira.features.testing.SharedData;
import org.spira.pipeline.DeltaSparkTestBase;
import org.spira.pipeline.MinioTestClient;
import org.spira.pipeline.config.FeaturizeConfig;
import org.spira.pipeline.config.ForgetConfig;
import org.spira.pipeline.config.PipelineConfig;
import org.spira.pipeline.config.SplitConfig;
import org.spira.pipeline.config.SubjectPseudonymizer;
import org.spira.pipeline.featurize.FeaturizeJob;
import org.spira.pipeline.ingest.IngestJob;
import org.spira.pipeline.registry.UntrainedVersions;
import org.spira.pipeline.split.SplitJob;
import org.spira.pipeline.tables.DeltaStore;
import org.spira.pipeline.tables.ErasedVersionException;
import org.spira.pipeline.tables.ErasuresTable;
import org.spira.pipeline.tables.FeatureStatsTable;
import org.spira.pipeline.tables.FeaturesTable;
import org.spira.pipeline.tables.PredictionsTable;
import org.spira.pipeline.tables.RecordingsTable;
import org.spira.pipeline.tables.RejectedTable;
import org.spira.pipeline.tables.SplitsTable;
import org.spira.pipeline.tables.TableContract;
import org.spira.pipeline.tables.TrainingMembershipTable;
import org.spira.pipeline.tracking.MlflowServerFixture;
import org.spira.pipeline.tracking.ModelVersion;
import org.spira.pipeline.tracking.Tracker;

/**
 * An erasure on MinIO against the real MLflow server, on local[2]: shared public recordings of 8
 * subjects are ingested, featurized, split and learned from by version 1 (whose membership rows
 * forget has to derive), then 8 more subjects by version 2 (whose rows are written as train writes
 * them), one of them with a recording featurize rejects and scored recordings. That subject is
 * erased with retention 0, and a byte scan of every object of the warehouse before and after finds
 * its audio, its MFCC values and its key before, and none of them after.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ForgetJobTest extends DeltaSparkTestBase {
    private static final FeatureSpec SPEC = FeatureSpec.spira();
    private static final String BUCKET = "spira-warehouse";
    private static final SubjectPseudonymizer KEY = SubjectPseudonymizer.fromEnvironment(
            Map.of(SubjectPseudonymizer.KEY_VARIABLE, "a-test-key-of-32-characters-long"), Optional.empty());

    @TempDir
    static Path dir;

    private MlflowServerFixture server;
    private Tracker tracker;
    private String prefix;
    private DeltaStore store;
    /** The erased subject: clear id and key. */
    private String erased;

    private String erasedKey;
    private Map<String, String> versionOneTags;
    private List<byte[]> audioNeedles;
    private List<byte[]> featureNeedles;
    private long featuresVersionBefore;
    private ForgetResult result;

    @BeforeAll
    void twoVersionsLearnedFromSixteenSubjects() throws Exception {
        server = MlflowServerFixture.require("forget-job-test");
        assumeTrue(
                !System.getenv().getOrDefault("SPIRA_S3_ENDPOINT", "").isBlank(),
                "SPIRA_S3_ENDPOINT is not set: run bin/services start minio && eval \"$(bin/services env)\"");
        runBefore();
        Configuration hadoop = spark().sparkContext().hadoopConfiguration();
        hadoop.set("fs.s3a.endpoint", System.getenv("SPIRA_S3_ENDPOINT"));
        hadoop.set("fs.s3a.path.style.access", "true");
        hadoop.set("fs.s3a.connection.ssl.enabled", "false");
        hadoop.set("fs.s3a.aws.credentials.provider", "com.amazonaws.auth.EnvironmentVariableCredentialsProvider");
        tracker = server.tracker();
        prefix = "forget-job-test-" + UUID.randomUUID() + "/warehouse";
        String warehouse = "s3a://" + BUCKET + "/" + prefix;
        store = new DeltaStore(spark(), warehouse);
        Path root = SharedData.root().resolve("public");
        List<Map<String, String>> rows = new ArrayList<>(MetadataCsv.rows(root.resolve("metadata.csv")));
        rows.sort(Comparator.comparing(row -> row.get("path")));
        List<String> subjects =
                rows.stream().map(r -> r.get("subject_id")).distinct().sorted().toList();
        List<String> first = subjects.subList(0, 8);
        List<String> second = subjects.subList(8, 16);

        addRecordings(
                warehouse,
                "first",
                rows.stream().filter(r -> first.contains(r.get("subject_id"))).toList());
        UntrainedVersions.register(tracker, store, SPEC);
        addRecordings(
                warehouse,
                "second",
                rows.stream().filter(r -> second.contains(r.get("subject_id"))).toList());
        Map<String, String> splitOf = new LinkedHashMap<>();
        store.read(SplitsTable.NAME)
                .collectAsList()
                .forEach(row -> splitOf.put(row.getAs("subject_key"), row.getAs("split")));
        erased = second.stream()
                .filter(id -> "train".equals(splitOf.get(KEY.pseudonym(id))))
                .findFirst()
                .orElseThrow();
        erasedKey = KEY.pseudonym(erased);
        Map<String, String> erasedRow = rows.stream()
                .filter(r -> r.get("subject_id").equals(erased))
                .findFirst()
                .orElseThrow();
        Path shortCopy = dir.resolve("short.wav");
        byte[] wav = Files.readAllBytes(root.resolve(erasedRow.get("path")));
        Files.write(shortCopy, truncatedWav(wav, 2.0));
        addRecordings(
                warehouse,
                "short",
                List.of(Map.of(
                        "path",
                        shortCopy.toString(),
                        "subject_id",
                        erased,
                        "label",
                        erasedRow.get("label"),
                        "source",
                        erasedRow.get("source"),
                        "task",
                        erasedRow.get("task"))));
        UntrainedVersions.registerWithMembership(tracker, store, SPEC);
        score();
        versionOneTags = tracker.registry().version(1).tags();

        audioNeedles = rows.stream()
                .filter(r -> r.get("subject_id").equals(erased))
                .map(r -> slice(root.resolve(r.get("path")), 4096, 64))
                .toList();
        featureNeedles = store
                .read(FeaturesTable.NAME)
                .where("subject_key = '" + erasedKey + "'")
                .select(FeaturesTable.MFCC)
                .collectAsList()
                .stream()
                .map(row -> littleEndian(row.getList(0), 16))
                .toList();
        featuresVersionBefore = store.version(FeaturesTable.NAME);
    }

    @AfterAll
    void close() {
        if (tracker != null) {
            tracker.close();
        }
    }

    @Test
    @Order(1)
    void beforeTheErasureTheWarehouseHoldsTheSubjectsAudioFeaturesAndKey() {
        Scan scan = scan();
        Assertions.assertTrue(scan.found(audioNeedles) > 0, "the audio objects hold the subject's audio: " + scan);
        Assertions.assertTrue(
                scan.found(featureNeedles) > 0, "the features table holds the subject's MFCC values: " + scan);
        Assertions.assertTrue(
                scan.found(List.of(erasedKey.getBytes(StandardCharsets.US_ASCII))) > 0, "and its key: " + scan);
        for (String table : List.of(RecordingsTable.NAME, FeaturesTable.NAME, SplitsTable.NAME)) {
            String columns =
                    store.property(table, TableContract.STATS_COLUMNS_PROPERTY).orElseThrow();
            Assertions.assertFalse(List.of(columns.split(",")).contains(RecordingsTable.SUBJECT_KEY), columns);
        }
    }

    @Test
    @Order(2)
    void forgetErasesTheSubjectEverywhereAndTagsTheVersionThatLearnedFromIt() throws Exception {
        long recordings = count(RecordingsTable.NAME, "subject_key = '" + erasedKey + "'");
        Map<String, Long> others = counts("subject_key <> '" + erasedKey + "'");
        List<String> erasedRecordings = store.read(RecordingsTable.NAME)
                .where("subject_key = '" + erasedKey + "'")
                .select(RecordingsTable.RECORDING_ID)
                .as(org.apache.spark.sql.Encoders.STRING())
                .collectAsList();
        long rejectedBefore = store.read(RejectedTable.NAME)
                .where(org.apache.spark.sql.functions.col("recording_id").isin(erasedRecordings.toArray()))
                .count();
        Assertions.assertTrue(rejectedBefore > 0, "featurize rejected the subject's 2 s recording");
        long statsRecordings = statsRecordings();
        long featurized = store.read(FeaturesTable.NAME)
                .where("variant = 0 AND subject_key = '" + erasedKey + "'")
                .select(FeaturesTable.RECORDING_ID)
                .distinct()
                .count();

        result = job(0).run(store, List.of(erased, "a-subject-with-no-data"));

        assertEquals(2, result.subjectsRequested());
        assertEquals(1, result.subjectsFound());
        assertEquals(recordings, result.recordings());
        assertEquals(recordings, result.audioObjectsDeleted());
        assertEquals(rejectedBefore, result.rowsDeleted().get(RejectedTable.NAME));
        assertEquals(1L, result.rowsDeleted().get(PredictionsTable.NAME));
        for (String table :
                List.of(RecordingsTable.NAME, FeaturesTable.NAME, SplitsTable.NAME, TrainingMembershipTable.NAME)) {
            assertEquals(0, count(table, "subject_key = '" + erasedKey + "'"), table);
        }
        assertEquals(others, counts("true"), "every other subject's rows stay");
        assertEquals(1, count(PredictionsTable.NAME, "true"), "the other subject's prediction stays");
        assertEquals(
                List.of(server.config.registeredModel() + "/2"),
                result.modelVersions(),
                "version 1 did not learn from it");
        Assertions.assertTrue(result.featureStatsRecomputed() > 0);
        assertEquals(statsRecordings - featurized, statsRecordings(), "the statistics without its recordings");
        Assertions.assertTrue(result.timeTravel().contains(FeaturesTable.NAME), result.timeTravel());

        ModelVersion two = tracker.registry().version(2);
        String tag = two.tags().get(ForgetJob.TAG_PENDING_RETRAIN);
        Assertions.assertTrue(tag.contains(result.erasureRunId()), tag);
        long learned = store.read(TrainingMembershipTable.NAME)
                .where("model_version = 2")
                .count();
        Assertions.assertTrue(tag.contains("\"recordings\":"), tag);
        assertEquals(versionOneTags, tracker.registry().version(1).tags(), "version 1 is untouched");
        Assertions.assertTrue(
                store.read(TrainingMembershipTable.NAME)
                                .where("model_version = 1 AND recorded_by = 'forget'")
                                .count()
                        > 0,
                "version 1's membership, which train had not written, was derived before the erasure");
        Assertions.assertTrue(learned > 0);

        Row logged = store.read(ErasuresTable.NAME).head();
        assertEquals(result.erasureRunId(), logged.getAs(ErasuresTable.ERASURE_RUN_ID));
        assertEquals(recordings, (long) logged.getAs(ErasuresTable.RECORDINGS));
        Assertions.assertFalse(logged.toString().contains(erasedKey));
        Assertions.assertFalse(logged.toString().contains(erased));
    }

    @Test
    @Order(3)
    void afterTheVacuumNoObjectOfTheWarehouseHoldsTheSubjectsAudioFeaturesOrKey() {
        Scan scan = scan();
        assertEquals(0, scan.found(audioNeedles), "audio: " + scan);
        assertEquals(0, scan.found(featureNeedles), "MFCC values: " + scan);
        assertEquals(0, scan.found(List.of(erasedKey.getBytes(StandardCharsets.US_ASCII))), "key: " + scan);
        // Delta's per-file statistics would keep a string column's first 32 characters in the log
        assertEquals(
                0, scan.found(List.of(erasedKey.substring(0, 32).getBytes(StandardCharsets.US_ASCII))), "key: " + scan);
        assertThrows(
                Exception.class,
                () -> spark().read()
                        .format("delta")
                        .option("versionAsOf", featuresVersionBefore)
                        .load(store.path(FeaturesTable.NAME))
                        .select(FeaturesTable.MFCC)
                        .collectAsList(),
                "a version before the erasure can no longer be read in full: its files are vacuumed");
        ErasedVersionException refused = assertThrows(
                ErasedVersionException.class, () -> store.readVersion(FeaturesTable.NAME, featuresVersionBefore));
        Assertions.assertTrue(refused.getMessage().contains("forget"), refused.getMessage());
    }

    @Test
    @Order(4)
    void forgettingAgainFindsNothingAndIsLogged() {
        ForgetResult again = job(0).run(store, List.of(erased));
        assertEquals(0, again.subjectsFound());
        assertEquals(List.of(), again.modelVersions());
        assertEquals(Map.of(ErasuresTable.NAME, store.version(ErasuresTable.NAME)), again.tables());
        assertEquals(2, store.read(ErasuresTable.NAME).count());
    }

    private ForgetJob job(double retentionHours) {
        return new ForgetJob(new ForgetConfig(retentionHours), tracker, KEY);
    }

    /** Rows of the tables with subject keys that satisfy {@code where}, per table. */
    private Map<String, Long> counts(String where) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String table : List.of(RecordingsTable.NAME, FeaturesTable.NAME, SplitsTable.NAME)) {
            counts.put(table, count(table, where));
        }
        return counts;
    }

    /** Rows of {@code table} satisfying {@code where}. */
    private long count(String table, String where) {
        return store.read(table).where(where).count();
    }

    /** Clean recordings the latest statistics of the features table describe, over the classes. */
    private long statsRecordings() {
        return store.read(FeatureStatsTable.NAME)
                .where("variant = 0 AND features_version = " + featuresVersionBefore)
                .agg(org.apache.spark.sql.functions.sum(FeatureStatsTable.RECORDINGS))
                .head()
                .getLong(0);
    }

    /** Ingests the rows' audio and featurizes it (clean only), then splits by subject. */
    private void addRecordings(String warehouse, String name, List<Map<String, String>> rows) throws IOException {
        StringBuilder csv = new StringBuilder("path,subject_id,label,source,task\n");
        for (Map<String, String> row : rows) {
            Path audio = Path.of(row.get("path")).isAbsolute()
                    ? Path.of(row.get("path"))
                    : SharedData.root().resolve("public").resolve(row.get("path"));
            csv.append(String.join(
                            ",",
                            audio.toString(),
                            row.get("subject_id"),
                            row.get("label").equals("respiratory") ? "patient" : "control",
                            row.get("source"),
                            row.get("task")))
                    .append('\n');
        }
        Path manifest = Files.writeString(dir.resolve(name + ".csv"), csv);
        new IngestJob(spark(), PipelineConfig.defaults().ingest(), KEY)
                .run(warehouse, manifest.toUri().toString());
        new FeaturizeJob(spark(), new FeaturizeConfig(-1, Optional.empty(), VariantPlan.cleanOnly()), SPEC)
                .run(warehouse);
        new SplitJob(spark(), new SplitConfig(0.8, 0.1, 0.1, 42)).run(warehouse);
    }

    /** Predictions of version 2 for one recording of the erased subject and one of another, as score writes them. */
    private void score() {
        Row mine = store.read(RecordingsTable.NAME)
                .where("subject_key = '" + erasedKey + "'")
                .head();
        Row other = store.read(RecordingsTable.NAME)
                .where("subject_key <> '" + erasedKey + "'")
                .head();
        List<Row> predictions = new ArrayList<>();
        for (Row recording : List.of(mine, other)) {
            predictions.add(new PredictionsTable.Prediction(
                            recording.getAs(RecordingsTable.RECORDING_ID),
                            server.config.registeredModel(),
                            2,
                            SPEC.hash(),
                            0.5,
                            1,
                            0.5,
                            2,
                            store.version(RecordingsTable.NAME),
                            "score-run",
                            Timestamp.from(Instant.now()))
                    .toRow());
        }
        store.insertNew(
                PredictionsTable.CONTRACT, spark().createDataFrame(predictions, PredictionsTable.CONTRACT.schema()));
    }

    /** Every object under the warehouse, read with the AWS SDK (not through Hadoop or Delta). */
    private Scan scan() {
        AmazonS3 s3 = MinioTestClient.connect(System.getenv());
        try {
            Map<String, byte[]> objects = new LinkedHashMap<>();
            ListObjectsV2Request request =
                    new ListObjectsV2Request().withBucketName(BUCKET).withPrefix(prefix + "/");
            ListObjectsV2Result page;
            do {
                page = s3.listObjectsV2(request);
                for (S3ObjectSummary object : page.getObjectSummaries()) {
                    try (var in = s3.getObject(BUCKET, object.getKey()).getObjectContent()) {
                        objects.put(object.getKey().substring(prefix.length() + 1), in.readAllBytes());
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                }
                request.setContinuationToken(page.getNextContinuationToken());
            } while (page.isTruncated());
            return new Scan(objects);
        } finally {
            s3.shutdown();
        }
    }

    /** The objects of the warehouse, by key below it. */
    private record Scan(Map<String, byte[]> objects) {
        /** How many of {@code needles} some object holds. */
        long found(List<byte[]> needles) {
            return needles.stream()
                    .filter(needle -> objects.values().stream().anyMatch(bytes -> indexOf(bytes, needle) >= 0))
                    .count();
        }

        @Override
        public String toString() {
            return objects.size() + " objects, "
                    + objects.values().stream().mapToLong(b -> b.length).sum() + " bytes";
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static byte[] slice(Path file, int from, int length) {
        try {
            return Arrays.copyOfRange(Files.readAllBytes(file), from, from + length);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The first {@code n} values as little-endian IEEE floats, as Parquet stores them. */
    private static byte[] littleEndian(List<Float> values, int n) {
        ByteBuffer bytes = ByteBuffer.allocate(4 * n).order(ByteOrder.LITTLE_ENDIAN);
        values.stream().limit(n).forEach(bytes::putFloat);
        return bytes.array();
    }

    /** A canonical 44-byte-header PCM WAV cut to its first {@code seconds}. */
    private static byte[] truncatedWav(byte[] wav, double seconds) {
        ByteBuffer in = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);
        int rate = in.getInt(24);
        int blockAlign = in.getShort(32);
        int data = (int) (rate * seconds) * blockAlign;
        ByteBuffer out = ByteBuffer.allocate(44 + data).order(ByteOrder.LITTLE_ENDIAN);
        out.put(wav, 0, 44);
        out.putInt(4, 36 + data);
        out.putInt(40, data);
        out.put(wav, 44, data);
        return out.array();
    }
}
