package org.spira.pipeline.lineage;

import java.util.Optional;

/**
 * Which registered model version: a number, or an alias such as {@code champion}; exactly one.
 *
 * @param version the version number (>= 1)
 * @param alias the alias
 */
public record ModelSelector(Optional<Long> version, Optional<String> alias) {
    public ModelSelector {
        if (version.isPresent() == alias.isPresent()) {
            throw new IllegalArgumentException("name either a model version or an alias, not both or neither");
        }
        version.ifPresent(v -> {
            if (v < 1) {
                throw new IllegalArgumentException("model versions start at 1, got " + v);
            }
        });
    }

    public static ModelSelector version(long version) {
        return new ModelSelector(Optional.of(version), Optional.empty());
    }

    public static ModelSelector alias(String alias) {
        return new ModelSelector(Optional.empty(), Optional.of(alias));
    }
}
