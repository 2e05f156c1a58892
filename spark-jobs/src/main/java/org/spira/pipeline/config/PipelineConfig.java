package org.spira.pipeline.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException.BadValue;
import com.typesafe.config.ConfigException.WrongType;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigResolveOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.spira.features.dsp.FeatureSpec;
import org.spira.features.spark.VariantPlan;

/**
 * The typed, validated configuration of every stage, loaded once at the edge: the defaults
 * ({@code conf/application.conf}, embedded in the jar), then an optional HOCON file, then
 * {@code --set key=value} overrides. Unknown keys and invalid values fail with the key named.
 */
public record PipelineConfig(
        IngestConfig ingest,
        FeatureSpec features,
        FeaturizeConfig featurize,
        SplitConfig split,
        TrainConfig train,
        EvaluateConfig evaluate,
        ScoreConfig score,
        TrackingConfig tracking) {
    static final String DEFAULTS = "org/spira/pipeline/application.conf";

    /** Settings of the ingest stage. */
    public record IngestConfig(
            double maxRejectedFraction,
            Optional<Path> subjectKeyFile,
            LabelVocabulary labels,
            List<String> metadataColumns) {
        public IngestConfig {
            if (!(maxRejectedFraction >= 0 && maxRejectedFraction <= 1)) {
                throw invalid("spira.ingest.max-rejected-fraction", maxRejectedFraction, "a number in [0, 1]");
            }
            metadataColumns = List.copyOf(metadataColumns);
            for (String column : metadataColumns) {
                if (!column.matches("[a-z][a-z0-9_]*")
                        || List.of("path", "subject_id", "label").contains(column)) {
                    throw invalid(
                            "spira.ingest.metadata-columns",
                            column,
                            "lower-case column names other than path, subject_id and label");
                }
            }
        }
    }

    /**
     * Settings of the featurize stage.
     *
     * @param recordingsVersion version of {@code recordings} to read, or -1 for the latest
     * @param noiseCorpus folder URI of the noise corpus; empty for clean features only
     * @param variants noisy variants and noises per class, and the seed
     */
    public record FeaturizeConfig(long recordingsVersion, Optional<String> noiseCorpus, VariantPlan variants) {
        public FeaturizeConfig {
            if (recordingsVersion < -1) {
                throw invalid(
                        "spira.featurize.recordings-version", recordingsVersion, "-1 (latest) or a table version");
            }
            if (variants.needsNoise() && noiseCorpus.isEmpty()) {
                throw invalid(
                        "spira.featurize.noise-corpus",
                        "\"\"",
                        "a folder URI when control-variants or patient-variants is above 0 (or set both to 0)");
            }
        }
    }

    /** Settings of the split stage: subject fractions per split, and the seed of the hash order. */
    public record SplitConfig(double train, double validation, double test, long seed) {
        public SplitConfig {
            for (double fraction : new double[] {train, validation, test}) {
                if (!(fraction >= 0 && fraction <= 1)) {
                    throw invalid("spira.split", train + "/" + validation + "/" + test, "fractions in [0, 1]");
                }
            }
            if (Math.abs(train + validation + test - 1) > 1e-9) {
                throw invalid(
                        "spira.split.train + validation + test",
                        train + validation + test,
                        "fractions that add up to 1");
            }
        }
    }

    /** The defaults alone. */
    public static PipelineConfig defaults() {
        return load(Optional.empty(), List.of());
    }

    /**
     * Defaults, then {@code file}, then {@code overrides} ("key=value", HOCON values).
     *
     * @throws ConfigException naming the key for unknown keys, bad syntax or invalid values
     */
    public static PipelineConfig load(Optional<Path> file, List<String> overrides) {
        Config merged = merged(file, overrides);
        try {
            return new PipelineConfig(
                    ingest(merged.getConfig("spira.ingest")),
                    FeaturesConfig.from(merged.getConfig("spira.features")),
                    featurize(merged.getConfig("spira.featurize")),
                    split(merged.getConfig("spira.split")),
                    TrainConfig.from(merged.getConfig("spira.train")),
                    EvaluateConfig.from(merged.getConfig("spira.evaluate")),
                    ScoreConfig.from(merged.getConfig("spira.score")),
                    tracking(merged.getConfig("spira.tracking")));
        } catch (WrongType | BadValue e) {
            throw new ConfigException("invalid configuration: " + e.getMessage(), e);
        }
    }

    /**
     * The configuration {@link #load} reads, as HOCON text without comments: what a run records
     * next to its results (for example as an MLflow artifact) to be repeated exactly.
     */
    public static String render(Optional<Path> file, List<String> overrides) {
        return merged(file, overrides)
                .root()
                .render(ConfigRenderOptions.defaults().setOriginComments(false).setComments(false));
    }

    private static Config merged(Optional<Path> file, List<String> overrides) {
        Config defaults = ConfigFactory.parseResources(
                DEFAULTS, ConfigParseOptions.defaults().setAllowMissing(false));
        Config merged = parseOverrides(overrides)
                .withFallback(file.map(PipelineConfig::parseFile).orElse(ConfigFactory.empty()))
                .withFallback(defaults)
                .resolve(ConfigResolveOptions.noSystem());
        rejectUnknownKeys(merged, defaults);
        return merged;
    }

    private static IngestConfig ingest(Config c) {
        String keyFile = c.getString("subject-key-file");
        return new IngestConfig(
                c.getDouble("max-rejected-fraction"),
                keyFile.isBlank() ? Optional.empty() : Optional.of(Path.of(keyFile)),
                new LabelVocabulary(c.getStringList("labels.control"), c.getStringList("labels.patient")),
                c.getStringList("metadata-columns"));
    }

    private static FeaturizeConfig featurize(Config c) {
        String corpus = c.getString("noise-corpus");
        VariantPlan plan = new VariantPlan(
                atLeast(c, "control-variants", 0),
                atLeast(c, "patient-variants", 0),
                atLeast(c, "control-noises", 1),
                atLeast(c, "patient-noises", 1),
                c.getLong("seed"));
        return new FeaturizeConfig(
                c.getLong("recordings-version"), corpus.isBlank() ? Optional.empty() : Optional.of(corpus), plan);
    }

    private static SplitConfig split(Config c) {
        return new SplitConfig(c.getDouble("train"), c.getDouble("validation"), c.getDouble("test"), c.getLong("seed"));
    }

    private static TrackingConfig tracking(Config c) {
        String uri = c.getString("uri").strip();
        return new TrackingConfig(
                uri.isEmpty() ? Optional.empty() : Optional.of(TrackingConfig.parse("spira.tracking.uri", uri)),
                c.getString("experiment"),
                c.getString("registered-model"),
                Duration.ofSeconds(c.getLong("request-timeout-s")));
    }

    private static int atLeast(Config c, String key, int min) {
        int value = c.getInt(key);
        if (value < min) {
            throw invalid("spira.featurize." + key, value, "an integer >= " + min);
        }
        return value;
    }

    private static Config parseFile(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException("--config " + file + " does not exist or is not a file");
        }
        try {
            return ConfigFactory.parseFile(
                    file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
        } catch (com.typesafe.config.ConfigException e) {
            throw new ConfigException("cannot parse --config " + file + ": " + e.getMessage(), e);
        }
    }

    private static Config parseOverrides(List<String> overrides) {
        Config config = ConfigFactory.empty();
        for (String override : overrides) {
            int eq = override.indexOf('=');
            if (eq <= 0) {
                throw new ConfigException(
                        "--set " + override + " is not key=value, e.g. --set spira.ingest.max-rejected-fraction=0.1");
            }
            String key = override.substring(0, eq).strip();
            try {
                config = config.withValue(
                        key, overrideValue(override.substring(eq + 1).strip()));
            } catch (com.typesafe.config.ConfigException e) {
                throw new ConfigException("cannot parse --set " + override + ": " + e.getMessage(), e);
            }
        }
        return config;
    }

    /**
     * Lists, objects, quoted strings, numbers and booleans are HOCON; anything else is taken as
     * a plain string, so that URIs like file:///data need no quoting (HOCON would read // as a
     * comment).
     */
    private static ConfigValue overrideValue(String raw) {
        boolean hocon = raw.matches("[\\[{\"].*|-?[0-9][0-9.eE+-]*|true|false");
        return hocon ? ConfigFactory.parseString("v = " + raw).getValue("v") : ConfigValueFactory.fromAnyRef(raw);
    }

    private static void rejectUnknownKeys(Config merged, Config defaults) {
        Set<String> unknown = merged.entrySet().stream()
                .map(java.util.Map.Entry::getKey)
                .filter(key -> !defaults.hasPathOrNull(key))
                .collect(Collectors.toCollection(TreeSet::new));
        if (!unknown.isEmpty()) {
            throw new ConfigException("unknown configuration key(s) " + unknown
                    + ": check the spelling against conf/application.conf, which lists every key");
        }
    }

    static ConfigException invalid(String key, Object value, String expected) {
        return new ConfigException(key + " = " + value + " is invalid: expected " + expected + ".");
    }
}
