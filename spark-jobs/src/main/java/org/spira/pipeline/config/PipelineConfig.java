package org.spira.pipeline.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException.BadValue;
import com.typesafe.config.ConfigException.WrongType;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigResolveOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The typed, validated configuration of every stage, loaded once at the edge: the defaults
 * ({@code conf/application.conf}, embedded in the jar), then an optional HOCON file, then
 * {@code --set key=value} overrides. Unknown keys and invalid values fail with the key named.
 */
public record PipelineConfig(IngestConfig ingest) {
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
        Config defaults = ConfigFactory.parseResources(
                DEFAULTS, ConfigParseOptions.defaults().setAllowMissing(false));
        Config merged = parseOverrides(overrides)
                .withFallback(file.map(PipelineConfig::parseFile).orElse(ConfigFactory.empty()))
                .withFallback(defaults)
                .resolve(ConfigResolveOptions.noSystem());
        rejectUnknownKeys(merged, defaults);
        try {
            return new PipelineConfig(ingest(merged.getConfig("spira.ingest")));
        } catch (WrongType | BadValue e) {
            throw new ConfigException("invalid configuration: " + e.getMessage(), e);
        }
    }

    private static IngestConfig ingest(Config c) {
        String keyFile = c.getString("subject-key-file");
        return new IngestConfig(
                c.getDouble("max-rejected-fraction"),
                keyFile.isBlank() ? Optional.empty() : Optional.of(Path.of(keyFile)),
                new LabelVocabulary(c.getStringList("labels.control"), c.getStringList("labels.patient")),
                c.getStringList("metadata-columns"));
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
            try {
                config = ConfigFactory.parseString(override).withFallback(config);
            } catch (com.typesafe.config.ConfigException e) {
                throw new ConfigException("cannot parse --set " + override + ": " + e.getMessage(), e);
            }
        }
        return config;
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
