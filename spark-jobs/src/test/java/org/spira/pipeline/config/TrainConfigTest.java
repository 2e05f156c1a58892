package org.spira.pipeline.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainConfigTest {
    @Test
    void defaultsAreThePapersSetting() {
        TrainConfig train = PipelineConfig.defaults().train();
        assertEquals("v2", train.architecture());
        assertEquals(1000, train.epochs());
        assertEquals(5, train.recordingsPerBatch());
        assertEquals(42, train.seed());
        assertEquals(1e-3, train.learningRate());
        assertEquals(1000, train.warmupSteps());
        assertEquals(0.01, train.weightDecay());
        assertEquals(0.7, train.dropout());
        assertEquals(-1, train.featuresTableVersion());
        assertEquals(-1, train.splitsTableVersion());
        assertEquals(Optional.empty(), train.featureVersion());
        assertEquals(2048L * 1024 * 1024, train.memoryBudgetBytes());
    }

    @Test
    void paramsHoldEveryKeyOfTheSectionWithItsResolvedValue() {
        TrainConfig train = PipelineConfig.load(
                        Optional.empty(), List.of("spira.train.epochs=3", "spira.train.architecture=V1"))
                .train();
        Set<String> declared = new TreeSet<>();
        ConfigFactory.parseFile(ConfigReferenceTest.APPLICATION_CONF.toFile())
                .getConfig("spira.train")
                .entrySet()
                .forEach(e -> declared.add("spira.train." + e.getKey()));
        Map<String, Object> params = train.params();
        assertEquals(declared, new TreeSet<>(params.keySet()));
        assertEquals(3, params.get("spira.train.epochs"));
        assertEquals("v1", params.get("spira.train.architecture"));
    }

    @Test
    void placementCoresAndGpusDecideTheWorkers() {
        TrainConfig defaults = PipelineConfig.defaults().train();
        assertEquals(TrainConfig.Placement.EXECUTOR, defaults.placement());
        assertEquals(List.of(1, 0, 1), List.of(defaults.cores(), defaults.gpus(), defaults.workers()));
        assertEquals(3, train("spira.train.cores=3").workers());
        assertEquals(2, train("spira.train.cores=4", "spira.train.gpus=2").workers());
        assertEquals(
                TrainConfig.Placement.DRIVER,
                train("spira.train.placement=Driver").placement());
        ConfigException e =
                assertThrows(ConfigException.class, () -> train("spira.train.placement=driver", "spira.train.gpus=1"));
        assertTrue(e.getMessage().startsWith("spira.train.gpus = 1 is invalid"), e.getMessage());
        assertTrue(e.getMessage().contains("place training on an executor"), e.getMessage());
    }

    private static TrainConfig train(String... settings) {
        return PipelineConfig.load(Optional.empty(), List.of(settings)).train();
    }

    @Test
    void invalidValuesNameTheKeyAndTheFix() {
        for (String[] bad : new String[][] {
            {"spira.train.architecture=v3", "spira.train.architecture"},
            {"spira.train.epochs=0", "spira.train.epochs"},
            {"spira.train.dropout=1", "spira.train.dropout"},
            {"spira.train.feature-version=abc", "spira.train.feature-version"},
            {"spira.train.features-table-version=-2", "spira.train.features-table-version"},
            {"spira.train.splits-table-version=-2", "spira.train.splits-table-version"},
            {"spira.train.cores=0", "spira.train.cores"},
            {"spira.train.gpus=-1", "spira.train.gpus"},
            {"spira.train.placement=gpu", "spira.train.placement"},
            {"spira.train.workers=2", "[spira.train.workers]"},
            {"spira.train.epoch=3", "[spira.train.epoch]"},
        }) {
            ConfigException e =
                    assertThrows(ConfigException.class, () -> PipelineConfig.load(Optional.empty(), List.of(bad[0])));
            assertTrue(e.getMessage().contains(bad[1]), e.getMessage());
        }
    }

    @Test
    void theRenderedConfigurationLoadsBackToTheSameValues(@TempDir Path dir) throws Exception {
        List<String> overrides = List.of("spira.train.epochs=7", "spira.split.seed=3");
        Path file = Files.writeString(dir.resolve("resolved.conf"), PipelineConfig.render(Optional.empty(), overrides));
        PipelineConfig original = PipelineConfig.load(Optional.empty(), overrides);
        PipelineConfig reloaded = PipelineConfig.load(Optional.of(file), List.of());
        assertEquals(7, reloaded.train().epochs());
        assertEquals(original.train(), reloaded.train());
        assertEquals(original.split(), reloaded.split());
    }
}
