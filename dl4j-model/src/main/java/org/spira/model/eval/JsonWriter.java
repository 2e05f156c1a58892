package org.spira.model.eval;

/**
 * A minimal compact JSON writer: fields come out in call order, numbers in Java's
 * locale-independent shortest round-trip form, so equal reports give equal bytes.
 */
final class JsonWriter {
    private final StringBuilder out = new StringBuilder();
    private boolean afterValue;

    JsonWriter beginObject() {
        return open('{');
    }

    JsonWriter endObject() {
        return close('}');
    }

    JsonWriter beginArray() {
        return open('[');
    }

    JsonWriter endArray() {
        return close(']');
    }

    JsonWriter name(String name) {
        separate();
        quote(name);
        out.append(':');
        afterValue = false;
        return this;
    }

    JsonWriter value(String value) {
        separate();
        if (value == null) {
            out.append("null");
        } else {
            quote(value);
        }
        afterValue = true;
        return this;
    }

    JsonWriter value(double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(
                    "JSON has no " + value + ": report undefined values as null with a reason");
        }
        separate();
        out.append(value);
        afterValue = true;
        return this;
    }

    JsonWriter value(long value) {
        separate();
        out.append(value);
        afterValue = true;
        return this;
    }

    JsonWriter nullValue() {
        return value((String) null);
    }

    @Override
    public String toString() {
        return out.toString();
    }

    private JsonWriter open(char bracket) {
        separate();
        out.append(bracket);
        afterValue = false;
        return this;
    }

    private JsonWriter close(char bracket) {
        out.append(bracket);
        afterValue = true;
        return this;
    }

    private void separate() {
        if (afterValue) {
            out.append(',');
        }
    }

    private void quote(String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
