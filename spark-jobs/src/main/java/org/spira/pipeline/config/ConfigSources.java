package org.spira.pipeline.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigResolveOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sources of the settings, merged: the declared defaults, then an optional HOCON file ({@code
 * --config}), then {@code key=value} overrides ({@code --set}). A key that no setting declares
 * fails, naming the nearest declared key. A renamed key's former name is read as the new name with
 * a deprecation warning, and giving both names fails.
 */
final class ConfigSources {
    private static final Logger LOG = LoggerFactory.getLogger(ConfigSources.class);

    private final Set<String> keys = new TreeSet<>();
    private final Map<String, String> renamed = new LinkedHashMap<>();
    private final Config defaults;

    /** The sources of {@code blocks}' settings. */
    ConfigSources(List<Settings<?>> blocks) {
        Config declared = ConfigFactory.empty();
        for (Settings<?> block : blocks) {
            for (Setting<?, ?> setting : block.settings()) {
                keys.add(setting.key());
                setting.formerKey().ifPresent(former -> renamed.put(former, setting.key()));
                declared = declared.withValue(
                        setting.key(), ConfigValueFactory.fromAnyRef(setting.hoconDefault(), "the declared default"));
            }
        }
        defaults = declared;
    }

    /**
     * The defaults, then {@code file}, then {@code overrides} ("key=value", HOCON values), with
     * substitutions resolved (against every source, never the system properties or environment).
     *
     * @throws ConfigException naming the key for unknown keys, both names of a renamed key, or bad
     *     syntax
     */
    Config merged(Optional<Path> file, List<String> overrides) {
        Config given = parseOverrides(overrides)
                .withFallback(file.map(ConfigSources::parseFile).orElse(ConfigFactory.empty()));
        try {
            given = given.resolveWith(given.withFallback(defaults), ConfigResolveOptions.noSystem());
        } catch (com.typesafe.config.ConfigException e) {
            throw new ConfigException("cannot resolve the configuration: " + e.getMessage(), e);
        }
        rejectUnknownKeys(given);
        return withNewNames(given).withFallback(defaults);
    }

    private void rejectUnknownKeys(Config given) {
        Set<String> unknown = given.entrySet().stream()
                .map(Map.Entry::getKey)
                .filter(key -> !keys.contains(key) && !renamed.containsKey(key))
                .collect(Collectors.toCollection(TreeSet::new));
        if (unknown.isEmpty()) {
            return;
        }
        String nearest = unknown.stream()
                .map(key -> nearest(key) + (unknown.size() > 1 ? " for " + key : ""))
                .collect(Collectors.joining(", "));
        throw new ConfigException("unknown configuration key(s) " + unknown + ": did you mean " + nearest
                + "? conf/application.conf and docs/configuration-keys.md list every key");
    }

    /** The declared key fewest single-character edits away from {@code key}. */
    private String nearest(String key) {
        return keys.stream()
                .min(Comparator.comparingInt((String known) -> editDistance(key, known)))
                .orElseThrow();
    }

    /** Levenshtein distance: insertions, deletions and substitutions turning {@code a} into {@code b}. */
    private static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    /** {@code given} with every former name of a renamed key moved to the new name, warning of each. */
    private Config withNewNames(Config given) {
        Config config = given;
        for (Map.Entry<String, String> rename : renamed.entrySet()) {
            String former = rename.getKey();
            String key = rename.getValue();
            if (!given.hasPath(former)) {
                continue;
            }
            if (given.hasPath(key)) {
                throw new ConfigException(former + " and " + key + " are both set: they are one setting, " + key
                        + ", formerly named " + former + ". Keep only " + key);
            }
            LOG.warn(
                    "{} is deprecated and read as {}, its new name; the old name goes in the next release: rename"
                            + " it in your --config file or --set",
                    former,
                    key);
            config = config.withValue(key, given.getValue(former)).withoutPath(former);
        }
        return config;
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
}
