package org.spira.pipeline.cli;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The one-line JSON summary a stage prints last on stdout, for schedulers and logs: stage,
 * status, exit code, counts, table versions, duration. Values are numbers or plain strings.
 */
final class RunSummary {
    private final Map<String, Object> fields = new LinkedHashMap<>();

    /** A nested object. */
    RunSummary() {}

    /** A stage's summary. */
    RunSummary(String stage) {
        fields.put("stage", stage);
    }

    RunSummary put(String key, Object value) {
        fields.put(key, value);
        return this;
    }

    String toJson() {
        StringBuilder json = new StringBuilder("{");
        fields.forEach((key, value) -> {
            if (json.length() > 1) {
                json.append(',');
            }
            json.append(quote(key)).append(':').append(value(value));
        });
        return json.append('}').toString();
    }

    private static String value(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Number || value instanceof Boolean) {
            return String.format(Locale.ROOT, "%s", value);
        }
        if (value instanceof RunSummary nested) {
            return nested.toJson();
        }
        return quote(value.toString());
    }

    private static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
