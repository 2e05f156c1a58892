package org.spira.pipeline.tracking;

import java.util.Map;
import java.util.TreeMap;

/**
 * A new run: its name and tags (sent through the {@link RedactionPolicy}).
 *
 * @param name run name shown in MLflow (e.g. {@code train})
 * @param tags run tags
 */
public record RunSpec(String name, Map<String, String> tags) {
    public RunSpec {
        if (name.isBlank()) {
            throw new IllegalArgumentException("a run needs a name");
        }
        tags = Map.copyOf(new TreeMap<>(tags));
    }

    public static RunSpec named(String name) {
        return new RunSpec(name, Map.of());
    }

    /** This spec with one more tag. */
    public RunSpec tag(String key, String value) {
        TreeMap<String, String> more = new TreeMap<>(tags);
        more.put(key, value);
        return new RunSpec(name, more);
    }
}
