package org.spira.pipeline.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValueFactory;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spira.features.dsp.FeatureSpec;
import org.spira.pipeline.config.Setting.Type;

/**
 * Each key is declared once ({@link Setting}): its default, its parsing, its rule and its param
 * all come from that declaration, renamed keys are read under their former names with a warning,
 * and keys no declaration knows fail naming the nearest one.
 */
class ConfigDeclarationsTest {
    private static final Path CONF = Path.of("..", "conf");

    /** The record each block is read into, and its declarations. */
    private static final Map<Class<?>, Settings<?>> BLOCKS_BY_RECORD = Map.ofEntries(
            Map.entry(IngestConfig.class, IngestConfig.SETTINGS),
            Map.entry(FeaturesConfig.class, FeaturesConfig.SETTINGS),
            Map.entry(FeaturizeConfig.class, FeaturizeConfig.SETTINGS),
            Map.entry(SplitConfig.class, SplitConfig.SETTINGS),
            Map.entry(TrainConfig.class, TrainConfig.SETTINGS),
            Map.entry(EvaluateConfig.class, EvaluateConfig.SETTINGS),
            Map.entry(ValidateConfig.class, ValidateConfig.SETTINGS),
            Map.entry(ForgetConfig.class, ForgetConfig.SETTINGS),
            Map.entry(MaintainConfig.class, MaintainConfig.SETTINGS),
            Map.entry(ScoreConfig.class, ScoreConfig.SETTINGS),
            Map.entry(TrackingConfig.class, TrackingConfig.SETTINGS),
            Map.entry(LeaseConfig.class, LeaseConfig.SETTINGS),
            Map.entry(LineageEventsConfig.class, LineageEventsConfig.SETTINGS));

    private static PipelineConfig load(String... settings) {
        return PipelineConfig.load(Optional.empty(), List.of(settings));
    }

    /** Every param of every block, keyed by its full name. */
    private static Map<String, Object> params(PipelineConfig config) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.putAll(IngestConfig.SETTINGS.params(config.ingest()));
        params.putAll(FeaturesConfig.params(config.features()));
        params.putAll(FeaturizeConfig.SETTINGS.params(config.featurize()));
        params.putAll(SplitConfig.SETTINGS.params(config.split()));
        params.putAll(config.train().params());
        params.putAll(config.evaluate().params());
        params.putAll(config.validate().params());
        params.putAll(ForgetConfig.SETTINGS.params(config.forget()));
        params.putAll(MaintainConfig.SETTINGS.params(config.maintain()));
        params.putAll(config.score().params());
        params.putAll(TrackingConfig.SETTINGS.params(config.tracking()));
        params.putAll(LeaseConfig.SETTINGS.params(config.leases()));
        params.putAll(LineageEventsConfig.SETTINGS.params(config.lineageEvents()));
        return params;
    }

    private static List<Setting<?, ?>> declared() {
        return PipelineConfig.BLOCKS.stream()
                .<Setting<?, ?>>flatMap(block -> block.settings().stream())
                .toList();
    }

    @Test
    void everySettingConstantOfABlockIsInItsDeclarations() throws IllegalAccessException {
        assertEquals(Set.copyOf(PipelineConfig.BLOCKS), Set.copyOf(BLOCKS_BY_RECORD.values()));
        for (Map.Entry<Class<?>, Settings<?>> block : BLOCKS_BY_RECORD.entrySet()) {
            for (Field field : block.getKey().getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers()) && field.getType() == Setting.class) {
                    field.setAccessible(true);
                    assertTrue(
                            block.getValue().settings().contains(field.get(null)),
                            field + " is missing from the declarations of "
                                    + block.getValue().prefix());
                }
            }
        }
    }

    @Test
    void everyKeyIsDeclaredOnceWithADefaultThatTheParamsGiveBack() {
        List<String> keys = declared().stream().map(Setting::key).toList();
        assertEquals(keys.size(), Set.copyOf(keys).size(), "a key declared twice: " + keys);

        Map<String, Object> params = params(PipelineConfig.defaults());
        assertEquals(keys, List.copyOf(params.keySet()));
        for (Setting<?, ?> setting : declared()) {
            assertEquals(setting.hoconDefault(), params.get(setting.key()), setting.key());
        }
    }

    @Test
    void theParamsHoldTheResolvedValuesAndLoadBackToTheSameConfiguration() {
        PipelineConfig demo = PipelineConfig.load(
                Optional.of(CONF.resolve("demo.conf")),
                List.of(
                        "spira.ingest.subject-key-file=/keys/subject.key",
                        "spira.features.window-seconds=3",
                        "spira.train.feature-version=" + FeatureSpec.spira().hash(),
                        "spira.train.placement=driver",
                        "spira.tracking.uri=http://127.0.0.1:5001",
                        "spira.tracking.request-timeout-s=30"));
        Map<String, Object> params = params(demo);
        assertNotEquals(params(PipelineConfig.defaults()), params);
        assertEquals(List.of("male"), params.get("spira.ingest.labels.control"));
        assertEquals(3.0, params.get("spira.features.window-seconds"));
        assertEquals("driver", params.get("spira.train.placement"));
        assertEquals(30L, params.get("spira.tracking.request-timeout-s"));

        String[] asOverrides = params.entrySet().stream()
                .map(param -> param.getKey() + "="
                        + ConfigValueFactory.fromAnyRef(param.getValue()).render(ConfigRenderOptions.concise()))
                .toArray(String[]::new);
        assertEquals(demo, load(asOverrides));
    }

    @Test
    void confApplicationConfHoldsEveryDeclaredKeyAndLoadsToTheDefaults() {
        Set<String> inFile = ConfigFactory.parseFile(ConfigReferenceTest.APPLICATION_CONF.toFile()).entrySet().stream()
                .map(Map.Entry::getKey)
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(new TreeSet<>(declared().stream().map(Setting::key).toList()), inFile);
        assertEquals(
                PipelineConfig.defaults(),
                PipelineConfig.load(Optional.of(ConfigReferenceTest.APPLICATION_CONF), List.of()));
    }

    @Test
    void aValueOfTheWrongTypeNamesTheKeyTheValueAndTheRule() {
        ConfigException e = assertThrows(ConfigException.class, () -> load("spira.train.epochs=\"many\""));
        assertEquals(
                "spira.train.epochs = \"many\" is invalid: expected an integer >= 1 (the paper: 1000).",
                e.getMessage());
        ConfigException fraction = assertThrows(ConfigException.class, () -> load("spira.evaluate.noise-count=1.5"));
        assertEquals(
                "spira.evaluate.noise-count = 1.5 is invalid: expected an integer >= 1 (SPIRA: 1).",
                fraction.getMessage());
        assertEquals(3, load("spira.train.epochs=3.0").train().epochs());
        ConfigException seed = assertThrows(ConfigException.class, () -> load("spira.split.seed=[1]"));
        assertEquals("spira.split.seed = [1] is invalid: expected an integer.", seed.getMessage());
        ConfigException choice = assertThrows(ConfigException.class, () -> load("spira.train.placement=gpu"));
        assertEquals(
                "spira.train.placement = \"gpu\" is invalid: expected one of executor, driver.", choice.getMessage());
        ConfigException list = assertThrows(ConfigException.class, () -> load("spira.ingest.metadata-columns=sex"));
        assertEquals(
                "spira.ingest.metadata-columns = \"sex\" is invalid: expected a list of lower-case column names other"
                        + " than path, subject_id and label.",
                list.getMessage());
    }

    @Test
    void aValueThatBreaksTheRuleNamesTheKeyTheValueAndTheRule() {
        ConfigException e = assertThrows(ConfigException.class, () -> load("spira.split.train=1.5"));
        assertEquals("spira.split.train = 1.5 is invalid: expected a fraction in [0, 1].", e.getMessage());
        ConfigException columns =
                assertThrows(ConfigException.class, () -> load("spira.ingest.metadata-columns=[sex, subject_id]"));
        assertTrue(columns.getMessage().startsWith("spira.ingest.metadata-columns = [\"sex\",\"subject_id\"]"));
    }

    @Test
    void aDeclarationWhoseDefaultBreaksItsRuleIsRefused() {
        Setting<TrainConfig, Integer> epochs = Setting.of("spira.train.epochs", Type.INTEGER, 0, TrainConfig::epochs);
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> epochs.rule(n -> n >= 1, "an integer >= 1"));
        assertTrue(e.getMessage().contains("spira.train.epochs's default 0"), e.getMessage());
    }

    @Test
    void aFormerNameIsReadAsTheNewOneWithAWarning(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("old.conf"), "spira.featurize.recordings-version = 4\n");
        try (CapturedWarnings warnings = CapturedWarnings.of(ConfigSources.class)) {
            PipelineConfig config = PipelineConfig.load(
                    Optional.of(file), List.of("spira.train.features-version=7", "spira.train.splits-version=2"));

            assertEquals(4, config.featurize().recordingsTableVersion());
            assertEquals(7, config.train().featuresTableVersion());
            assertEquals(2, config.train().splitsTableVersion());
            assertEquals(7L, config.train().params().get("spira.train.features-table-version"));
            assertFalse(config.train().params().containsKey("spira.train.features-version"));
            List<String> messages = warnings.messages();
            assertEquals(3, messages.size(), messages.toString());
            assertTrue(
                    messages.stream()
                            .anyMatch(m -> m.startsWith("spira.train.features-version is deprecated and read as"
                                    + " spira.train.features-table-version")),
                    messages.toString());
        }
        String resolved = PipelineConfig.render(Optional.of(file), List.of());
        assertTrue(resolved.contains("recordings-table-version"), resolved);
        assertFalse(resolved.contains("recordings-version"), resolved);
    }

    @Test
    void theFeatureVersionKeepsItsNameAndIsNoTableVersion() {
        assertThrows(ConfigException.class, () -> load("spira.train.feature-version=3"));
        assertEquals(Optional.empty(), TrainConfig.FEATURE_VERSION.formerKey());
    }

    @Test
    void bothNamesOfARenamedKeyFailNamingBoth(@TempDir Path dir) throws Exception {
        ConfigException e = assertThrows(
                ConfigException.class,
                () -> load("spira.train.features-version=3", "spira.train.features-table-version=4"));
        assertTrue(e.getMessage()
                .startsWith("spira.train.features-version and spira.train.features-table-version" + " are both set"));
        Path file = Files.writeString(dir.resolve("new.conf"), "spira.train.splits-table-version = 1\n");
        ConfigException mixed = assertThrows(
                ConfigException.class,
                () -> PipelineConfig.load(Optional.of(file), List.of("spira.train.splits-version=1")));
        assertTrue(mixed.getMessage().contains("spira.train.splits-version"), mixed.getMessage());
        assertTrue(mixed.getMessage().contains("spira.train.splits-table-version"), mixed.getMessage());
    }

    @Test
    void anUnknownKeyNamesTheNearestDeclaredKey() {
        ConfigException one = assertThrows(ConfigException.class, () -> load("spira.train.epoch=3"));
        assertTrue(one.getMessage()
                .startsWith("unknown configuration key(s) [spira.train.epoch]: did you mean" + " spira.train.epochs?"));
        ConfigException two = assertThrows(
                ConfigException.class,
                () -> load("spira.ingest.max-reject-fraction=0.1", "spira.split.tset=0.2", "spira.split.test=0.1"));
        assertTrue(
                two.getMessage()
                        .contains(
                                "did you mean spira.ingest.max-rejected-fraction for spira.ingest.max-reject-fraction,"
                                        + " spira.split.test for spira.split.tset?"),
                two.getMessage());
        ConfigException outside = assertThrows(ConfigException.class, () -> load("spark.executor.cores=2"));
        assertTrue(outside.getMessage().contains("[spark.executor.cores]"), outside.getMessage());
    }
}
