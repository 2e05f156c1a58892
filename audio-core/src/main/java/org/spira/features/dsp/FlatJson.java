package org.spira.features.dsp;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a flat JSON object whose values are numbers or strings, the shape of {@link
 * FeatureSpec#toJson()}: a number without fraction or exponent becomes a {@code Long}, any other
 * number a {@code Double}, a string a {@code String}. Nested values, {@code true}, {@code false},
 * {@code null}, a name given twice and text after the object are refused with an {@link
 * IllegalArgumentException} saying where.
 */
final class FlatJson {
    private static final Pattern NUMBER = Pattern.compile("-?(?:0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");

    private final String text;
    private int at;

    private FlatJson(String text) {
        this.text = text;
    }

    /** The object's members by name, in the order written. */
    static Map<String, Object> parse(String text) {
        return new FlatJson(text).object();
    }

    private Map<String, Object> object() {
        expect('{');
        Map<String, Object> members = new LinkedHashMap<>();
        if (!next('}')) {
            do {
                String name = string();
                expect(':');
                if (members.put(name, value(name)) != null) {
                    throw error("\"" + name + "\" is given twice");
                }
            } while (next(','));
            expect('}');
        }
        skipSpace();
        if (at < text.length()) {
            throw error("text follows the object");
        }
        return members;
    }

    private Object value(String name) {
        skipSpace();
        if (at < text.length() && text.charAt(at) == '"') {
            return string();
        }
        Matcher number = NUMBER.matcher(text).region(at, text.length());
        if (!number.lookingAt()) {
            throw error("the value of \"" + name + "\" is neither a number nor a string");
        }
        at = number.end();
        String literal = number.group();
        boolean integer = number.group(1) == null && number.group(2) == null;
        try {
            return integer ? (Object) Long.parseLong(literal) : (Object) Double.parseDouble(literal);
        } catch (NumberFormatException e) {
            return Double.parseDouble(literal); // an integer beyond the range of long
        }
    }

    private String string() {
        expect('"');
        StringBuilder value = new StringBuilder();
        while (at < text.length() && text.charAt(at) != '"') {
            char c = text.charAt(at++);
            if (c < 0x20) {
                throw error("a string holds a control character");
            }
            value.append(c == '\\' ? escaped() : c);
        }
        expect('"');
        return value.toString();
    }

    private char escaped() {
        if (at >= text.length()) {
            throw error("the text ends inside a string");
        }
        char c = text.charAt(at++);
        switch (c) {
            case '"', '\\', '/':
                return c;
            case 'b':
                return '\b';
            case 'f':
                return '\f';
            case 'n':
                return '\n';
            case 'r':
                return '\r';
            case 't':
                return '\t';
            case 'u':
                if (at + 4 <= text.length() && text.substring(at, at + 4).matches("[0-9a-fA-F]{4}")) {
                    at += 4;
                    return (char) Integer.parseInt(text.substring(at - 4, at), 16);
                }
                throw error("a \\u escape needs four hexadecimal digits");
            default:
                throw error("\\" + c + " is not a JSON escape");
        }
    }

    /** Skips white space; if {@code c} follows, consumes it and returns true. */
    private boolean next(char c) {
        skipSpace();
        if (at < text.length() && text.charAt(at) == c) {
            at++;
            return true;
        }
        return false;
    }

    private void expect(char c) {
        if (!next(c)) {
            throw error("'" + c + "' expected");
        }
    }

    private void skipSpace() {
        while (at < text.length() && " \t\r\n".indexOf(text.charAt(at)) >= 0) {
            at++;
        }
    }

    private IllegalArgumentException error(String problem) {
        return new IllegalArgumentException(String.format(
                Locale.ROOT,
                "not a flat JSON object of numbers and strings: %s at character %d of %d",
                problem,
                at,
                text.length()));
    }
}
