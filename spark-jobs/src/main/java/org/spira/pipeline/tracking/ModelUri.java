package org.spira.pipeline.tracking;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.spira.pipeline.config.ConfigException;

/**
 * An MLflow model URI naming one registered model version: {@code models:/NAME/VERSION} or
 * {@code models:/NAME@ALIAS} (MLflow's own forms).
 *
 * @param model the registered model's name
 * @param selector the version number or the alias
 */
public record ModelUri(String model, ModelSelector selector) {
    private static final Pattern URI = Pattern.compile("models:/([^/@]+)(?:/(\\d{1,18})|@([A-Za-z][A-Za-z0-9_-]*))");

    /** Whether {@code text} is meant as a model URI (it starts with {@code models:}). */
    public static boolean looksLikeOne(String text) {
        return text.startsWith("models:");
    }

    /**
     * @throws ConfigException when {@code text} is not one of the two forms
     */
    public static ModelUri parse(String text) {
        Matcher m = URI.matcher(text.strip());
        if (!m.matches()) {
            throw new ConfigException("model URI " + text + " is invalid: expected models:/NAME/VERSION"
                    + " (e.g. models:/spira-conv-v2/3) or models:/NAME@ALIAS (e.g. models:/spira-conv-v2@champion)");
        }
        ModelSelector selector = m.group(2) != null
                ? ModelSelector.version(Long.parseLong(m.group(2)))
                : ModelSelector.alias(m.group(3));
        return new ModelUri(m.group(1), selector);
    }
}
