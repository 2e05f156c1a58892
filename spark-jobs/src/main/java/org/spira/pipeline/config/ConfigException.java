package org.spira.pipeline.config;

/**
 * A configuration or usage error: a stage refuses to start, naming the key and the fix.
 * Stages exit with status 2 on it.
 */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
