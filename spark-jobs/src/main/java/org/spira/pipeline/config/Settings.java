package org.spira.pipeline.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The declared settings of one block of the configuration (e.g. {@code spira.train}), in the
 * order the reference lists them, and what the block is for.
 *
 * @param prefix the block's path, e.g. {@code spira.train}; every key starts with it
 * @param help what the block configures, one paragraph
 * @param settings the block's keys
 * @param <R> the record the block is read into
 */
record Settings<R>(String prefix, String help, List<Setting<R, ?>> settings) {
    Settings {
        settings = List.copyOf(settings);
        for (Setting<R, ?> setting : settings) {
            if (!setting.key().startsWith(prefix + ".")) {
                throw new IllegalArgumentException(setting.key() + " is declared in the block " + prefix);
            }
        }
    }

    /** Every key of the block with the value {@code record} resolved it to, keyed by its full name. */
    Map<String, Object> params(R record) {
        Map<String, Object> params = new LinkedHashMap<>();
        for (Setting<R, ?> setting : settings) {
            params.put(setting.key(), setting.param(record));
        }
        return params;
    }
}
