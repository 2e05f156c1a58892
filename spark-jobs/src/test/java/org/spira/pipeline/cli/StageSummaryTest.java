package org.spira.pipeline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.spira.evaluation.TestCondition;
import org.spira.pipeline.QualityGateException;
import org.spira.pipeline.config.ConfigException;
import org.spira.pipeline.config.TrainConfig;
import org.spira.pipeline.evaluate.EvaluateResult;
import org.spira.pipeline.evaluate.PromotionDecision;
import org.spira.pipeline.featurize.FeaturizeResult;
import org.spira.pipeline.forget.ForgetResult;
import org.spira.pipeline.ingest.IngestResult;
import org.spira.pipeline.lineage.IngestRunSummary;
import org.spira.pipeline.lineage.LineageResult;
import org.spira.pipeline.maintain.MaintainResult;
import org.spira.pipeline.registry.LineageException;
import org.spira.pipeline.registry.ModelLineage;
import org.spira.pipeline.registry.TrainingLineage;
import org.spira.pipeline.score.ScoreResult;
import org.spira.pipeline.split.SplitResult;
import org.spira.pipeline.tracking.ModelVersion;
import org.spira.pipeline.tracking.RunRecord;
import org.spira.pipeline.train.FeatureWindows;
import org.spira.pipeline.train.TrainResult;
import org.spira.pipeline.validate.ValidateResult;
import org.spira.pipeline.validate.Validation;

/**
 * The JSON summaries, byte for byte: bin/demo, the cluster test and schedulers read these keys,
 * so each stage's line is pinned here, in the order the stage has always printed it.
 */
class StageSummaryTest {
    private static final TrainingLineage LINEAGE = new TrainingLineage(
            "s3a://spira-warehouse/w/features", 7, "f00d", 4, 3, "none", "abc1234", "0.1.0", "app-1");

    @Test
    void ingestReportsItsAccountingAndTheTablesItWrote() {
        IngestResult result = new IngestResult("run-1", 9, 3, 5, 1, 4, 2, 6);
        assertEquals(
                "{\"stage\":\"ingest\",\"status\":\"ok\",\"exit_code\":0,\"run_id\":\"run-1\",\"listed\":9,"
                        + "\"accepted\":3,\"rejected\":5,\"duplicates\":1,\"tables\":{\"recordings\":4,\"rejected\":2},"
                        + "\"duration_s\":1.5}",
                StageSummary.of("ingest", ExitStatus.OK, result, 1.5));
        assertEquals(
                "{\"stage\":\"ingest\",\"status\":\"quality_gate_failed\",\"exit_code\":3,\"run_id\":\"run-1\","
                        + "\"listed\":9,\"accepted\":3,\"rejected\":5,\"duplicates\":1,"
                        + "\"tables\":{\"recordings\":4,\"rejected\":2},\"duration_s\":2.0}",
                StageSummary.of("ingest", ExitStatus.QUALITY_GATE_FAILED, result, 2.0));
    }

    @Test
    void validateReportsItsGateAndANullPassRateWithoutIngestRunsSince() {
        Validation validation = new Validation(
                "spira",
                2,
                new Validation.Versions("f00d", 3, 2, 1),
                new Validation.Versions("f00d", 5, 4, 1),
                100,
                30,
                List.of(0.02, 0.25),
                new java.util.LinkedHashMap<>(Map.of("sample_rate", 0.0)),
                new Validation.Quality(0, Map.of()),
                new Validation.Invariants(0, 0, Map.of()));
        ValidateResult result = new ValidateResult("run-9", validation, List.of("coefficient 1 drifted"));
        assertEquals(
                "{\"stage\":\"validate\",\"status\":\"quality_gate_failed\",\"exit_code\":3,\"run_id\":\"run-9\","
                        + "\"model\":\"spira\",\"model_version\":2,\"passed\":false,\"new_recordings\":30,"
                        + "\"max_coefficient_jsd\":0.25,\"categorical_jsd\":{\"sample_rate\":0.0},"
                        + "\"quality_pass_rate\":null,\"failures\":[\"coefficient 1 drifted\"],"
                        + "\"tables\":{\"features\":5,\"recordings\":4,\"splits\":1},\"duration_s\":1.5}",
                StageSummary.of("validate", ExitStatus.QUALITY_GATE_FAILED, result, 1.5));
    }

    @Test
    void forgetReportsCountsAndWhatTimeTravelCanStillRead() {
        ForgetResult result = new ForgetResult(
                "forget-1",
                2,
                1,
                3,
                3,
                Map.of("recordings", 3L, "features", 30L),
                2,
                List.of("spira/2"),
                0,
                Instant.parse("2026-12-07T12:00:00Z"),
                Map.of("recordings", 5L, "features", 9L));
        assertEquals(
                "{\"stage\":\"forget\",\"status\":\"ok\",\"exit_code\":0,\"erasure_run_id\":\"forget-1\","
                        + "\"subjects_requested\":2,\"subjects_found\":1,\"recordings\":3,\"audio_objects_deleted\":3,"
                        + "\"rows_deleted\":{\"features\":30,\"recordings\":3},\"feature_stats_recomputed\":2,"
                        + "\"model_versions\":[\"spira/2\"],\"retention_hours\":0.0,"
                        + "\"files_removable_after\":\"2026-12-07T12:00:00Z\",\"time_travel\":\"the versions of features,"
                        + " recordings before the ones in 'tables' held the erased rows: they can no longer be read in full"
                        + " once a VACUUM has run at or after 2026-12-07T12:00:00Z (this run's, with retention 0: already)\","
                        + "\"tables\":{\"features\":9,\"recordings\":5},\"duration_s\":2.0}",
                StageSummary.of("forget", ExitStatus.OK, result, 2.0));
    }

    @Test
    void maintainReportsFilesPerTableInTheTablesOrder() {
        Map<String, MaintainResult.Table> tables = new java.util.LinkedHashMap<>();
        tables.put("recordings", new MaintainResult.Table(4, 7, 5, 1, 5, 5000, 1, 1200));
        tables.put("features", new MaintainResult.Table(9, 11, 1, 1, 0, 0, 1, 64000));
        assertEquals(
                "{\"stage\":\"maintain\",\"status\":\"ok\",\"exit_code\":0,\"retention_hours\":720.0,"
                        + "\"files_before\":{\"recordings\":5,\"features\":1},"
                        + "\"files_after\":{\"recordings\":1,\"features\":1},"
                        + "\"files_deleted\":{\"recordings\":5,\"features\":0},"
                        + "\"bytes_deleted\":{\"recordings\":5000,\"features\":0},"
                        + "\"tables\":{\"recordings\":7,\"features\":11},\"duration_s\":3.0}",
                StageSummary.of("maintain", ExitStatus.OK, new MaintainResult(720, tables), 3.0));
    }

    @Test
    void featurizeReportsANullNoiseCorpusWithoutNoisyVariants() {
        FeaturizeResult result = new FeaturizeResult("run-2", "f00d", 4, 10, 120, 1, 7, 3, 2, Optional.empty());
        assertEquals(
                "{\"stage\":\"featurize\",\"status\":\"ok\",\"exit_code\":0,\"run_id\":\"run-2\","
                        + "\"feature_version\":\"f00d\",\"recordings\":10,\"rows\":120,\"rejected\":1,"
                        + "\"noise_corpus\":null,\"tables\":{\"recordings\":4,\"features\":7},\"duration_s\":0.25}",
                StageSummary.of("featurize", ExitStatus.OK, result, 0.25));
    }

    @Test
    void splitReportsSubjectsAndRecordingsBySplitAndClass() {
        SplitResult result = new SplitResult(
                "run-3",
                2,
                5,
                new TreeMap<>(Map.of("test.control", 1L, "train.control", 3L, "train.patient", 1L)),
                new TreeMap<>(Map.of("test.control", 2L, "train.control", 9L, "train.patient", 4L)),
                4,
                3);
        assertEquals(
                "{\"stage\":\"split\",\"status\":\"ok\",\"exit_code\":0,\"run_id\":\"run-3\",\"new_subjects\":2,"
                        + "\"subjects\":5,\"subjects_by_split\":{\"test.control\":1,\"train.control\":3,"
                        + "\"train.patient\":1},\"recordings_by_split\":{\"test.control\":2,\"train.control\":9,"
                        + "\"train.patient\":4},\"tables\":{\"recordings\":4,\"splits\":3},\"duration_s\":3.0}",
                StageSummary.of("split", ExitStatus.OK, result, 3.0));
    }

    @Test
    void trainReportsTheRunTheVersionAndWhereItTrained() {
        TrainResult result = new TrainResult(
                "run-4",
                false,
                "spira-conv-v2",
                2,
                5,
                3,
                0.25,
                691_613,
                FeatureWindows.Mode.IN_MEMORY,
                TrainConfig.Placement.EXECUTOR,
                "executor 1 on 127.0.0.1, task 3",
                List.of("0", "1"),
                LINEAGE,
                Map.of("train.control", 12L),
                5);
        assertEquals(
                "{\"stage\":\"train\",\"status\":\"ok\",\"exit_code\":0,\"run_id\":\"run-4\",\"resumed\":false,"
                        + "\"model\":\"spira-conv-v2\",\"model_version\":2,\"epochs\":5,\"best_epoch\":3,"
                        + "\"best_val_loss\":0.25,\"num_params\":691613,\"window_source\":\"in_memory\","
                        + "\"placement\":\"executor\",\"trained_on\":\"executor 1 on 127.0.0.1, task 3\","
                        + "\"gpu_addresses\":\"0,1\",\"feature_version\":\"f00d\",\"recordings\":{\"train.control\":12},"
                        + "\"tables\":{\"features\":7,\"recordings\":4,\"splits\":3},\"duration_s\":60.0}",
                StageSummary.of("train", ExitStatus.OK, result, 60.0));
    }

    @Test
    void evaluateReportsTheHeadlineMetricsAndThePromotion() {
        Map<String, Double> metrics = Map.of(
                "clean.recording.accuracy", 0.75,
                "clean.recording.f1", 0.5,
                "clean.recording.roc_auc", 0.875,
                "clean.window.accuracy", 0.625,
                "noisy_controls.recording.accuracy", 0.25,
                "noisy_controls.recording.f1", 0.125);
        PromotionDecision promotion = new PromotionDecision(
                true,
                "no version holds the alias champion",
                "noisy_controls.recording.accuracy",
                0.0,
                "champion",
                OptionalDouble.of(0.25),
                OptionalDouble.empty(),
                Optional.empty());
        EvaluateResult result = new EvaluateResult(
                "run-5",
                "spira-conv-v2",
                2,
                new ModelLineage(LINEAGE, "run-4"),
                "c0ffee",
                Map.of(TestCondition.CLEAN, 8L, TestCondition.NOISY_CONTROLS, 8L),
                Map.of(TestCondition.CLEAN, 48L, TestCondition.NOISY_CONTROLS, 48L),
                metrics,
                promotion);
        assertEquals(
                "{\"stage\":\"evaluate\",\"status\":\"ok\",\"exit_code\":0,\"run_id\":\"run-5\","
                        + "\"model\":\"spira-conv-v2\",\"model_version\":2,\"train_run_id\":\"run-4\","
                        + "\"recordings\":{\"clean\":8,\"noisy_controls\":8},"
                        + "\"windows\":{\"clean\":48,\"noisy_controls\":48},"
                        + "\"metrics\":{\"clean.recording.accuracy\":0.75,\"clean.recording.f1\":0.5,"
                        + "\"clean.recording.roc_auc\":0.875,\"noisy_controls.recording.accuracy\":0.25,"
                        + "\"noisy_controls.recording.f1\":0.125,\"noisy_controls.recording.roc_auc\":null},"
                        + "\"promotion\":{\"decision\":\"promoted\",\"reason\":\"no version holds the alias champion\","
                        + "\"metric\":\"noisy_controls.recording.accuracy\",\"margin\":0.0,\"alias\":\"champion\","
                        + "\"candidate\":0.25,\"champion\":null,\"champion_version\":null},"
                        + "\"noise_corpus\":\"c0ffee\",\"tables\":{\"features\":7,\"recordings\":4,\"splits\":3},"
                        + "\"duration_s\":30.5}",
                StageSummary.of("evaluate", ExitStatus.OK, result, 30.5));
    }

    @Test
    void lineageReportsTheChainWithoutARunIdOfItsOwn() {
        LineageResult result = new LineageResult(
                new ModelVersion(
                        "spira-conv-v2",
                        2,
                        "mlflow-artifacts:/1/run-4/artifacts/model",
                        "run-4",
                        "READY",
                        Map.of(),
                        List.of("champion")),
                new RunRecord("run-4", "train", "FINISHED", "mlflow-artifacts:/1/run-4/artifacts", Map.of(), Map.of()),
                LINEAGE,
                List.of(new IngestRunSummary(
                        "ingest-1", "file:///m.csv", Timestamp.from(Instant.parse("2025-01-02T03:04:05Z")), 10, 6)),
                Map.of("train.control", 6L),
                "file:///w/lineage/spira-conv-v2/v2/audio.csv",
                12,
                6,
                1);
        assertEquals(
                "{\"stage\":\"lineage\",\"status\":\"ok\",\"exit_code\":0,\"model\":\"spira-conv-v2\","
                        + "\"model_version\":2,\"train_run_id\":\"run-4\",\"train_run_status\":\"FINISHED\","
                        + "\"git_commit\":\"abc1234\",\"feature_version\":\"f00d\",\"noise_corpus\":\"none\","
                        + "\"tables\":{\"features\":7,\"recordings\":4,\"splits\":3},"
                        + "\"ingest_runs\":{\"ingest-1\":{\"manifest_uri\":\"file:///m.csv\","
                        + "\"started_at\":\"2025-01-02T03:04:05Z\",\"accepted\":10,\"learned\":6}},"
                        + "\"recordings\":{\"train.control\":6},\"audio_objects\":6,"
                        + "\"audio_list\":\"file:///w/lineage/spira-conv-v2/v2/audio.csv\",\"scored_recordings\":12,"
                        + "\"membership_added\":6,\"duration_s\":4.0}",
                StageSummary.of("lineage", ExitStatus.OK, result, 4.0));
    }

    @Test
    void scoreReportsItsAccountingTheClassBalanceAndTheTablesItWrote() {
        ScoreResult result = new ScoreResult(
                "run-6",
                "spira-conv-v2",
                2,
                "f00d",
                0.5,
                10,
                6,
                1,
                3,
                Map.of("patient", 2L, "control", 4L),
                Map.of("unreadable", 1L),
                4,
                5,
                6);
        assertEquals(
                "{\"stage\":\"score\",\"status\":\"ok\",\"exit_code\":0,\"run_id\":\"run-6\","
                        + "\"model\":\"spira-conv-v2\",\"model_version\":2,\"feature_version\":\"f00d\","
                        + "\"threshold\":0.5,\"considered\":10,\"scored\":6,\"rejected\":1,\"already_scored\":3,"
                        + "\"predicted\":{\"control\":4,\"patient\":2},\"rejected_by_reason\":{\"unreadable\":1},"
                        + "\"tables\":{\"recordings\":4,\"predictions\":5,\"rejected\":6},\"duration_s\":12.0}",
                StageSummary.of("score", ExitStatus.OK, result, 12.0));
        IllegalStateException unbalanced = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalStateException.class,
                () -> new ScoreResult("r", "m", 1, "f", 0.5, 10, 6, 1, 2, Map.of(), Map.of(), 0, 0, 0));
        org.junit.jupiter.api.Assertions.assertTrue(unbalanced.getMessage().contains("10 considered"));
    }

    @Test
    void aFailureReportsItsStatusAndMessage() {
        assertEquals(
                "{\"stage\":\"split\",\"status\":\"config_error\",\"exit_code\":2,"
                        + "\"error\":\"spira.split.train = 2 is \\\"invalid\\\"\\n\"}",
                StageSummary.failed("split", ExitStatus.CONFIG_ERROR, "spira.split.train = 2 is \"invalid\"\n"));
    }

    @Test
    void eachKindOfFailureHasItsExitCode() {
        IngestResult written = new IngestResult("run-1", 2, 0, 2, 0, 1, 1, 1);
        assertEquals(
                2, ExitStatus.of(new ConfigException("spira.x = 1 is invalid")).code());
        assertEquals(
                3,
                ExitStatus.of(new QualityGateException("2 of 2 rows rejected", written))
                        .code());
        assertEquals(
                1, ExitStatus.of(new LineageException("run r has no tag t")).code());
        assertEquals(1, ExitStatus.of(new IllegalStateException("a bug")).code());
        assertEquals(0, ExitStatus.OK.code());
    }
}
