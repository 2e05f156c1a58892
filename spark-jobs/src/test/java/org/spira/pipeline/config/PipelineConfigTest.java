package org.spira.pipeline.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelineConfigTest {
    @Test
    void defaultsComeFromConfApplicationConf() {
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
        assertEquals(PipelineConfig.defaults().split(), demo.split());
    }
}
