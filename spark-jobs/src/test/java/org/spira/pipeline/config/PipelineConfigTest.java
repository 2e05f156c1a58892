package org.spira.pipeline.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelineConfigTest {
    @Test
    void defaultsComeFromTheDeclarations() {
        PipelineConfig config = PipelineConfig.defaults();
        assertEquals(0.5, config.ingest().maxRejectedFraction());
        assertEquals(Optional.empty(), config.ingest().subjectKeyFile());
        assertEquals(List.of("sex", "age", "source", "task"), config.ingest().metadataColumns());
        assertEquals(Optional.of(1), config.ingest().labels().label(" Patient "));
        assertEquals(Optional.of(0), config.ingest().labels().label("0"));
        assertEquals(Optional.empty(), config.ingest().labels().label("respiratory"));
    }

    @Test
    void aFileThenSetOverridesApplyInThatOrder(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(
                dir.resolve("site.conf"),
                """
                spira.ingest.max-rejected-fraction = 0.2
                spira.ingest.labels.patient = [patient, "1", respiratory]
                """);
        PipelineConfig config =
                PipelineConfig.load(Optional.of(file), List.of("spira.ingest.max-rejected-fraction=0.05"));
        assertEquals(0.05, config.ingest().maxRejectedFraction());
        assertEquals(Optional.of(1), config.ingest().labels().label("Respiratory"));
    }

    @Test
    void setTakesUrisWithoutQuotesAndHoconValuesAsHocon() {
        PipelineConfig config = PipelineConfig.load(
                Optional.empty(),
                List.of(
                        "spira.featurize.noise-corpus=file:///data/noise",
                        "spira.featurize.control-variants=2",
                        "spira.ingest.metadata-columns=[sex]"));
        assertEquals(Optional.of("file:///data/noise"), config.featurize().noiseCorpus());
        assertEquals(2, config.featurize().variants().controlVariants());
        assertEquals(List.of("sex"), config.ingest().metadataColumns());
    }

    @Test
    void noisyVariantsWithoutANoiseCorpusAreRefused() {
        ConfigException e = assertThrows(
                ConfigException.class,
                () -> PipelineConfig.load(Optional.empty(), List.of("spira.featurize.patient-variants=3")));
        assertTrue(e.getMessage().contains("spira.featurize.noise-corpus"), e.getMessage());
    }

    @Test
    void splitFractionsMustAddUpToOne() {
        ConfigException e = assertThrows(
                ConfigException.class, () -> PipelineConfig.load(Optional.empty(), List.of("spira.split.train=0.9")));
        assertTrue(e.getMessage().contains("spira.split"), e.getMessage());
    }

    @Test
    void unknownKeysFailNamingTheKey() {
        ConfigException e = assertThrows(
                ConfigException.class,
                () -> PipelineConfig.load(Optional.empty(), List.of("spira.ingest.max-reject-fraction=0.1")));
        assertTrue(e.getMessage().contains("spira.ingest.max-reject-fraction"), e.getMessage());
        assertTrue(e.getMessage().contains("conf/application.conf"), e.getMessage());
    }

    @Test
    void invalidValuesFailNamingTheKeyAndTheRule() {
        ConfigException range = assertThrows(
                ConfigException.class,
                () -> PipelineConfig.load(Optional.empty(), List.of("spira.ingest.max-rejected-fraction=1.5")));
        assertTrue(range.getMessage().contains("spira.ingest.max-rejected-fraction = 1.5"), range.getMessage());
        ConfigException type = assertThrows(
                ConfigException.class,
                () -> PipelineConfig.load(Optional.empty(), List.of("spira.ingest.max-rejected-fraction=lots")));
        assertTrue(type.getMessage().contains("max-rejected-fraction"), type.getMessage());
        ConfigException overlap = assertThrows(
                ConfigException.class,
                () -> PipelineConfig.load(Optional.empty(), List.of("spira.ingest.labels.patient=[control]")));
        assertTrue(overlap.getMessage().contains("spira.ingest.labels"), overlap.getMessage());
        assertThrows(ConfigException.class, () -> PipelineConfig.load(Optional.empty(), List.of("no-equals-sign")));
    }

    @Test
    void aMissingConfigFileIsAnError(@TempDir Path dir) {
        ConfigException e = assertThrows(
                ConfigException.class, () -> PipelineConfig.load(Optional.of(dir.resolve("none.conf")), List.of()));
        assertTrue(e.getMessage().contains("none.conf"), e.getMessage());
    }

    @Test
    void trackingDefaultsToTheEnvironmentsServer() {
        TrackingConfig tracking = PipelineConfig.defaults().tracking();
        assertEquals(Optional.empty(), tracking.uri());
        assertEquals("spira", tracking.experiment());
        assertEquals("spira-conv-v2", tracking.registeredModel());
        assertEquals(Duration.ofMinutes(10), tracking.requestTimeout());
        assertEquals(
                URI.create("http://127.0.0.1:5001"),
                tracking.trackingUri(Map.of("MLFLOW_TRACKING_URI", "http://127.0.0.1:5001")));
    }

    @Test
    void aConfiguredTrackingUriWinsOverTheEnvironment() {
        TrackingConfig tracking = PipelineConfig.load(
                        Optional.empty(),
                        List.of("spira.tracking.uri=https://mlflow.example.org/", "spira.tracking.experiment=nightly"))
                .tracking();
        assertEquals(
                URI.create("https://mlflow.example.org/"),
                tracking.trackingUri(Map.of("MLFLOW_TRACKING_URI", "http://127.0.0.1:5001")));
        assertEquals("nightly", tracking.experiment());
    }

    @Test
    void noTrackingUriAnywhereFailsNamingTheKeyTheVariableAndTheFix() {
        TrackingConfig tracking = PipelineConfig.defaults().tracking();
        ConfigException e = assertThrows(ConfigException.class, () -> tracking.trackingUri(Map.of()));
        assertTrue(e.getMessage().contains("spira.tracking.uri"), e.getMessage());
        assertTrue(e.getMessage().contains("MLFLOW_TRACKING_URI"), e.getMessage());
        assertTrue(e.getMessage().contains("bin/services start mlflow"), e.getMessage());
    }

    @Test
    void badTrackingValuesFailNamingTheKey() {
        Map<String, String> cases = Map.of(
                "spira.tracking.uri=ftp://host/", "spira.tracking.uri",
                "spira.tracking.uri=http://user:pw@host:5000", "spira.tracking.uri",
                "spira.tracking.registered-model=\"bad/name\"", "spira.tracking.registered-model",
                "spira.tracking.request-timeout-s=0", "spira.tracking.request-timeout-s",
                "spira.tracking.experment=x", "spira.tracking.experment");
        cases.forEach((override, key) -> {
            ConfigException e = assertThrows(
                    ConfigException.class, () -> PipelineConfig.load(Optional.empty(), List.of(override)), override);
            assertTrue(e.getMessage().contains(key), e.getMessage());
            assertFalse(e.getMessage().contains("pw@"), e.getMessage());
        });
        ConfigException environment = assertThrows(ConfigException.class, () -> PipelineConfig.defaults()
                .tracking()
                .trackingUri(Map.of("MLFLOW_TRACKING_URI", "localhost:5000")));
        assertTrue(environment.getMessage().contains("MLFLOW_TRACKING_URI"), environment.getMessage());
    }

    @Test
    void lineageEventsGoToAFileFolderByDefaultAndHttpNeedsAUrl() {
        LineageEventsConfig events = PipelineConfig.defaults().lineageEvents();
        assertEquals(LineageEventsConfig.Transport.FILE, events.transport());
        assertEquals("lineage-events", events.folder());
        assertEquals("spira", events.namespace());
        LineageEventsConfig http = PipelineConfig.load(
                        Optional.empty(),
                        List.of(
                                "spira.lineage-events.transport=HTTP",
                                "spira.lineage-events.url=\"http://127.0.0.1:5000\""))
                .lineageEvents();
        assertEquals(LineageEventsConfig.Transport.HTTP, http.transport());
        assertEquals(Optional.of(java.net.URI.create("http://127.0.0.1:5000")), http.url());
        Map<String, String> cases = Map.of(
                "spira.lineage-events.transport=http", "spira.lineage-events.url",
                "spira.lineage-events.transport=kafka", "spira.lineage-events.transport",
                "spira.lineage-events.url=\"http://user:pw@host:5000\"", "spira.lineage-events.url",
                "spira.lineage-events.url=\"file:///tmp/x\"", "spira.lineage-events.url",
                "spira.lineage-events.folder=\"s3a://bucket/events\"", "spira.lineage-events.folder",
                "spira.lineage-events.namespace=\"a b\"", "spira.lineage-events.namespace");
        cases.forEach((override, key) -> {
            ConfigException e = assertThrows(
                    ConfigException.class, () -> PipelineConfig.load(Optional.empty(), List.of(override)), override);
            assertTrue(e.getMessage().contains(key), override + ": " + e.getMessage());
            assertFalse(e.getMessage().contains("pw@"), e.getMessage());
        });
    }

    @Test
    void evaluateDefaultsAndTheNoiseCorpusIsRequiredOnlyByEvaluate() {
        EvaluateConfig evaluate = PipelineConfig.defaults().evaluate();
        assertEquals("noisy_controls.recording.accuracy", evaluate.promotion().metric());
        assertEquals(0.0, evaluate.promotion().margin());
        assertEquals("champion", evaluate.promotion().alias());
        assertEquals(1, evaluate.noiseCount());
        assertEquals(0.5, evaluate.evaluation().threshold());
        ConfigException e = assertThrows(ConfigException.class, evaluate::requireNoiseCorpus);
        assertTrue(e.getMessage().contains("spira.evaluate.noise-corpus"), e.getMessage());
        EvaluateConfig set = PipelineConfig.load(
                        Optional.empty(),
                        List.of(
                                "spira.evaluate.noise-corpus=file:///data/noise",
                                "spira.evaluate.promotion.metric=clean.recording.roc_auc.ci_lower",
                                "spira.evaluate.promotion.margin=0.02"))
                .evaluate();
        assertEquals("file:///data/noise", set.requireNoiseCorpus());
        assertEquals("clean.recording.roc_auc.ci_lower", set.promotion().metric());
        assertEquals("0.02", set.params().get("spira.evaluate.promotion.margin").toString());
    }

    @Test
    void badEvaluateSettingsFailNamingTheKey() {
        for (String[] bad : new String[][] {
            {"spira.evaluate.promotion.metric=noisy.recording.accuracy", "spira.evaluate.promotion.metric"},
            {"spira.evaluate.promotion.margin=2", "spira.evaluate.promotion.margin"},
            {"spira.evaluate.noise-count=0", "spira.evaluate.noise-count"},
            {"spira.evaluate.threshold=1", "spira.evaluate.threshold"},
            {"spira.evaluate.batch-windows=0", "spira.evaluate.batch-windows"}
        }) {
            ConfigException e =
                    assertThrows(ConfigException.class, () -> PipelineConfig.load(Optional.empty(), List.of(bad[0])));
            assertTrue(e.getMessage().contains(bad[1]), e.getMessage());
        }
    }

    @Test
    void scoreBatchesWindowsAndNamesItsKeyWhenInvalid() {
        assertEquals(64, PipelineConfig.defaults().score().batchWindows());
        assertEquals(
                Map.of("spira.score.batch-windows", 8),
                PipelineConfig.load(Optional.empty(), List.of("spira.score.batch-windows=8"))
                        .score()
                        .params());
        ConfigException e = assertThrows(
                ConfigException.class,
                () -> PipelineConfig.load(Optional.empty(), List.of("spira.score.batch-windows=0")));
        assertTrue(e.getMessage().contains("spira.score.batch-windows"), e.getMessage());
    }

    @Test
    void leasesLastTwoMinutesAndTheHeartbeatFitsThreeTimesInThem() {
        LeaseConfig defaults = PipelineConfig.defaults().leases();
        assertEquals(
                new LeaseConfig(Duration.ofSeconds(120), Duration.ofSeconds(20), Duration.ofSeconds(300)), defaults);
        assertEquals(
                Duration.ZERO,
                PipelineConfig.load(Optional.empty(), List.of("spira.leases.wait-seconds=0"))
                        .leases()
                        .maxWait());
        ConfigException slow = assertThrows(
                ConfigException.class,
                () -> PipelineConfig.load(Optional.empty(), List.of("spira.leases.heartbeat-seconds=41")));
        assertTrue(slow.getMessage().contains("spira.leases.heartbeat-seconds = 41"), slow.getMessage());
        assertTrue(slow.getMessage().contains("at most a third of spira.leases.ttl-seconds (120)"), slow.getMessage());
        ConfigException negative = assertThrows(
                ConfigException.class,
                () -> PipelineConfig.load(Optional.empty(), List.of("spira.leases.wait-seconds=-1")));
        assertTrue(negative.getMessage().contains("spira.leases.wait-seconds"), negative.getMessage());
    }

    @Test
    void patienceIsOffByDefaultAndTheLabelIsTagged() {
        TrainConfig train = PipelineConfig.defaults().train();
        assertEquals(0, train.patience());
        assertEquals(Map.of("spira.label", train.label()), train.labelTags());
        for (String[] bad : new String[][] {
            {"spira.train.patience=-1", "spira.train.patience"}, {"spira.train.label=\" \"", "spira.train.label"}
        }) {
            ConfigException e =
                    assertThrows(ConfigException.class, () -> PipelineConfig.load(Optional.empty(), List.of(bad[0])));
            assertTrue(e.getMessage().contains(bad[1]), e.getMessage());
        }
    }

    @Test
    void theProfilesInConfLoadAndSayWhereTheNoiseIs() {
        Path conf = Path.of(System.getProperty("user.dir")).resolveSibling("conf");
        PipelineConfig local = PipelineConfig.load(Optional.of(conf.resolve("local.conf")), List.of());
        PipelineConfig minio = PipelineConfig.load(Optional.of(conf.resolve("minio.conf")), List.of());
        PipelineConfig demo = PipelineConfig.load(Optional.of(conf.resolve("demo.conf")), List.of());
        assertEquals(Optional.of("../shared/data/noise"), local.featurize().noiseCorpus());
        assertEquals(
                Optional.of("s3a://spira-warehouse/noise"), minio.featurize().noiseCorpus());
        assertEquals(minio.featurize().noiseCorpus(), demo.featurize().noiseCorpus());
        assertEquals(1, demo.featurize().variants().controlVariants());
        assertEquals(1, demo.featurize().variants().patientVariants());
        assertEquals(0.25, demo.split().test());
        assertEquals(List.of("female"), demo.ingest().labels().patient());
        assertTrue(demo.train().patience() > 0, "the demo stops early");
        assertTrue(demo.train().labelTags().get("spira.label.reason").contains("4 patient subjects"));
        assertEquals(Optional.of("../shared/data/noise"), local.evaluate().noiseCorpus());
        assertEquals(minio.featurize().noiseCorpus(), minio.evaluate().noiseCorpus());
        assertEquals(minio.evaluate().noiseCorpus(), demo.evaluate().noiseCorpus());
    }

    @Test
    void promotionSettingsFailNamingTheKey() {
        Map<String, String> bad = Map.of(
                "spira.evaluate.promotion.metric=clean.recording.auc", "clean.recording.roc_auc",
                "spira.evaluate.promotion.margin=-0.01", "[0, 1]",
                "spira.evaluate.promotion.alias=\"1 x\"", "a letter");
        bad.forEach((setting, hint) -> {
            ConfigException e =
                    assertThrows(ConfigException.class, () -> PipelineConfig.load(Optional.empty(), List.of(setting)));
            String key = setting.substring(0, setting.indexOf('='));
            assertTrue(e.getMessage().contains(key), e.getMessage());
            assertTrue(e.getMessage().contains(hint), e.getMessage());
        });
    }
}
