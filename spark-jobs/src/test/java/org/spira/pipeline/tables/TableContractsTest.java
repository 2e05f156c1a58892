package org.spira.pipeline.tables;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.spira.features.spark.VariantPlan;
import org.spira.features.testing.SharedData;
import org.spira.pipeline.DeltaSparkTestBase;
import org.spira.pipeline.config.FeaturizeConfig;
import org.spira.pipeline.config.PipelineConfig;
import org.spira.pipeline.config.SubjectPseudonymizer;
import org.spira.pipeline.featurize.FeaturizeJob;
import org.spira.pipeline.ingest.IngestJob;
import org.spira.pipeline.split.SplitJob;
import org.spira.pipeline.tables.IngestRunsTable.IngestRun;
import org.spira.pipeline.tables.SplitsTable.Assignment;

/**
 * Each table's contract is what the stages write: ingest (with a reject), featurize (a noisy
 * variant, and a recording too short for the window, rejected) and split write a fresh warehouse;
 * the schema of each table, read back from its Delta log, has the contract's columns, in order,
 * with its types, and no NOT NULL column of the contract holds a null. (Delta stores the columns
 * of a table created from a DataFrame as nullable, so nullability is checked on the rows.)
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TableContractsTest extends DeltaSparkTestBase {
    private static final String CONTROL = "public/audio/0Rlzhiz6bybk77wdLjxwy7yLDhg1/counting-fast.wav";
    private static final String PATIENT = "public/audio/L7S8iIPKgiO6QWLC3mGkROCMa0s1/counting-fast.wav";
    /** 3.669 s: shorter than SPIRA's 4 s window. */
    private static final String SHORT = "public/audio/0Rlzhiz6bybk77wdLjxwy7yLDhg1/vowel-a.wav";

    @TempDir
    static Path dir;

    private DeltaStore store;

    @BeforeAll
    void writeEveryTable() throws Exception {
        runBefore();
        String warehouse = dir.resolve("warehouse").toUri().toString();
        Path garbage = Files.writeString(dir.resolve("garbage.wav"), "not audio");
        String csv = "path,subject_id,label\n" + root(CONTROL) + ",s1,control\n" + root(PATIENT) + ",s2,patient\n"
                + root(SHORT) + ",s1,control\n" + garbage + ",s2,patient\n";
        Path manifest = Files.writeString(dir.resolve("manifest.csv"), csv);
        SubjectPseudonymizer key = SubjectPseudonymizer.fromEnvironment(
                Map.of(SubjectPseudonymizer.KEY_VARIABLE, "a-test-key-of-32-characters-long"), Optional.empty());
        PipelineConfig config = PipelineConfig.defaults();
        new IngestJob(spark(), config.ingest(), key)
                .run(warehouse, manifest.toUri().toString());
        FeaturizeConfig noisy = new FeaturizeConfig(
                -1, Optional.of(SharedData.root().resolve("noise").toUri().toString()), new VariantPlan(1, 1, 2, 1, 7));
        new FeaturizeJob(spark(), noisy, config.features()).run(warehouse);
        new SplitJob(spark(), config.split()).run(warehouse);
        store = new DeltaStore(spark(), warehouse);
    }

    private static String root(String relative) {
        return SharedData.root().resolve(relative).toString();
    }

    /**
     * The tables of the data stages; predictions and training_membership need a trained model:
     * ScoreJobTest and TrainJobTest check them.
     */
    static Stream<TableContract> contracts() {
        return Stream.of(
                RecordingsTable.CONTRACT,
                RejectedTable.CONTRACT,
                IngestRunsTable.CONTRACT,
                FeaturesTable.CONTRACT,
                SplitsTable.CONTRACT);
    }

    @ParameterizedTest
    @MethodSource("contracts")
    void theSchemaInTheDeltaLogIsTheContracts(TableContract contract) throws IOException {
        assertEquals(
                DeltaLog.columns(contract.schema()),
                DeltaLog.columns(DeltaLog.schema(store.path(contract.name()))),
                contract.name());
    }

    @ParameterizedTest
    @MethodSource("contracts")
    void noNotNullColumnHoldsANull(TableContract contract) {
        var rows = store.read(contract.name());
        org.junit.jupiter.api.Assertions.assertTrue(rows.count() > 0, contract.name() + " has rows to check");
        for (StructField field : contract.schema().fields()) {
            if (!field.nullable()) {
                assertEquals(0, rows.where(col(field.name()).isNull()).count(), contract.name() + "." + field.name());
            }
        }
    }

    @Test
    void rejectsSayWhichStageAndRunRejectedThem() {
        List<String> stages = new ArrayList<>();
        for (Row row :
                store.read(RejectedTable.NAME).orderBy(RejectedTable.STAGE).collectAsList()) {
            stages.add(RowFields.string(row, RejectedTable.STAGE) + ":" + RowFields.string(row, RejectedTable.REASON));
        }
        assertEquals(List.of("featurize:too_short", "ingest:not_audio"), stages);
    }

    @Test
    void theTypedRowsOfATableReadBackWhatTheStagesWrote() {
        IngestRun run = IngestRun.fromRow(store.read(IngestRunsTable.NAME).first());
        assertEquals(List.of(4L, 3L, 1L, 0L), List.of(run.listed(), run.accepted(), run.rejected(), run.duplicates()));
        assertEquals(run, IngestRun.fromRow(run.toRow()));
        Assignment assignment = Assignment.fromRow(store.read(SplitsTable.NAME).first());
        assertEquals(assignment, Assignment.fromRow(assignment.toRow()));
    }

    @Test
    void aRowOfAContractRefusesWhatItsSchemaDoesNot() {
        Timestamp now = Timestamp.from(Instant.now());
        IllegalArgumentException unknown = assertThrows(
                IllegalArgumentException.class, () -> SplitsTable.CONTRACT.row().set("subject_id", "s1"));
        org.junit.jupiter.api.Assertions.assertTrue(unknown.getMessage().contains("no column subject_id"));
        IllegalArgumentException mistyped = assertThrows(
                IllegalArgumentException.class, () -> SplitsTable.CONTRACT.row().set(SplitsTable.LABEL, 1L));
        org.junit.jupiter.api.Assertions.assertTrue(mistyped.getMessage().contains("the column label holds int"));
        IllegalStateException unset = assertThrows(IllegalStateException.class, () -> SplitsTable.CONTRACT
                .row()
                .set(SplitsTable.SUBJECT_KEY, "k")
                .set(SplitsTable.SPLIT, SplitsTable.TRAIN)
                .set(SplitsTable.LABEL, 1)
                .set(SplitsTable.SEED, 1L)
                .set(SplitsTable.ASSIGNED_AT, now)
                .build());
        assertEquals("the column split_run_id is NOT NULL but was not set", unset.getMessage());
    }
}
