package org.spira.pipeline.config;

import java.net.URI;
import java.net.URISyntaxException;

/** The address of a server a stage talks to (MLflow, a lineage endpoint), checked the same way for each key. */
final class ServerUri {
    private ServerUri() {}

    /** {@code text}, the value of {@code key}, as a URI; errors never show the text, which may hold credentials. */
    static URI parse(String key, String text) {
        try {
            return new URI(text);
        } catch (URISyntaxException e) {
            throw new ConfigException(key + " is not a URI (" + e.getReason() + "): expected http://host:port", e);
        }
    }

    /** {@code uri} itself, when it is an http(s) URI with a host and without credentials. */
    static URI check(String key, URI uri) {
        boolean http = "http".equals(uri.getScheme()) || "https".equals(uri.getScheme());
        if (!http || uri.getHost() == null) {
            throw new ConfigException(key + " = " + uri + " is invalid: expected http://host:port or https://host");
        }
        if (uri.getUserInfo() != null) {
            // the URI shows up in logs and error messages, so it must not carry credentials
            throw new ConfigException(key + " carries credentials (user info before '@'), which would be logged:"
                    + " remove them; the server is expected to need none");
        }
        return uri;
    }
}
