package org.spira.features.dsp;

import java.util.Locale;

/**
 * A {@link FeatureSpec} parameter that is invalid, missing, unknown or of the wrong type. The
 * message names the parameter, the value and the rule; {@link #parameter()} and {@link #rule()}
 * let a caller that knows the parameter under another name (a configuration key) say the same.
 */
public final class InvalidFeatureSpecException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String parameter;
    private final String rule;

    private InvalidFeatureSpecException(String parameter, String rule, String message) {
        super(message);
        this.parameter = parameter;
        this.rule = rule;
    }

    /** {@code parameter} has {@code value}, which breaks {@code rule} (e.g. "must be even"). */
    static InvalidFeatureSpecException invalid(String parameter, Object value, String rule) {
        return new InvalidFeatureSpecException(
                parameter,
                rule,
                String.format(
                        Locale.ROOT,
                        "FeatureSpec.%s = %s is invalid: %s. Fix the %s setting.",
                        parameter,
                        value,
                        rule,
                        parameter));
    }

    /** {@code parameter} is missing, or is no parameter at all: {@code rule} says which and lists the parameters. */
    static InvalidFeatureSpecException absent(String parameter, String rule) {
        return new InvalidFeatureSpecException(parameter, rule, "FeatureSpec." + parameter + " " + rule);
    }

    /** The record component the problem is about, e.g. {@code nFft}. */
    public String parameter() {
        return parameter;
    }

    /** What the value must be, e.g. "must be even". */
    public String rule() {
        return rule;
    }
}
