package org.spira.pipeline.config;

import org.spira.pipeline.PipelineException;

/**
 * A usage or configuration error: a stage refuses to start (or to go on), naming the option, key
 * or variable and the fix. Stages exit with status 2 on it.
 */
public final class ConfigException extends PipelineException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }

    /** "{@code key} = {@code value} is invalid: expected {@code expected}." */
    static ConfigException invalid(String key, Object value, String expected) {
        return new ConfigException(message(key, value, expected));
    }

    /** As {@link #invalid(String, Object, String)}, keeping what made the value unreadable. */
    static ConfigException invalid(String key, Object value, String expected, Throwable cause) {
        return new ConfigException(message(key, value, expected), cause);
    }

    private static String message(String key, Object value, String expected) {
        return key + " = " + value + " is invalid: expected " + expected + ".";
    }
}
