package org.spira.pipeline.tracking;

import java.util.Optional;
import org.spira.pipeline.config.ConfigException;

/**
 * Which registered model version a stage works on (evaluate, lineage): a version number, an
 * alias such as {@code champion}, or (neither) the latest version.
 */
public record ModelSelector(Optional<Long> version, Optional<String> alias) {
    public ModelSelector {
        if (version.isPresent() && alias.isPresent()) {
            throw new ConfigException("--model-version and --alias both given: name the version one way");
        }
        if (version.isPresent() && version.get() < 1) {
            throw new ConfigException("--model-version " + version.get() + " is invalid: versions start at 1");
        }
    }

    public static ModelSelector latest() {
        return new ModelSelector(Optional.empty(), Optional.empty());
    }

    public static ModelSelector version(long version) {
        return new ModelSelector(Optional.of(version), Optional.empty());
    }

    public static ModelSelector alias(String alias) {
        return new ModelSelector(Optional.empty(), Optional.of(alias));
    }

    /** @throws ConfigException when the alias is unset or the model has no version */
    public ModelVersion resolve(ModelRegistry registry) {
        if (version.isPresent()) {
            return registry.version(version.get());
        }
        if (alias.isPresent()) {
            return registry.byAlias(alias.get())
                    .orElseThrow(() -> new ConfigException("no version of model " + registry.name() + " has the alias "
                            + alias.get() + ": name a version instead (--model-version N, or models:/"
                            + registry.name() + "/N)"));
        }
        return registry.latest()
                .orElseThrow(() -> new ConfigException(
                        "model " + registry.name() + " has no registered version: run the train stage first"));
    }
}
