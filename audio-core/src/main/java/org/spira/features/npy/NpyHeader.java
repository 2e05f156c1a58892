package org.spira.features.npy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The header dictionary of a {@code .npy} file, a Python literal such as {@code {'descr': '<f4',
 * 'fortran_order': False, 'shape': (3, 401, 40), }}. Parses the subset of Python literal syntax
 * that NumPy writes (strings, True/False, integers, tuples of integers); anything else, such as
 * a structured dtype's list, is reported as unsupported.
 *
 * @param descr NumPy dtype string, for example {@code <f4}
 * @param fortranOrder true when the data is stored column-major
 * @param shape dimensions, outermost first
 */
record NpyHeader(String descr, boolean fortranOrder, int[] shape) {

    private static final Set<String> KEYS = Set.of("descr", "fortran_order", "shape");

    /** The dictionary NumPy writes for a little-endian float32 C-order array, without padding. */
    static String format(int[] shape) {
        StringBuilder tuple = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            tuple.append(i > 0 ? ", " : "").append(shape[i]);
        }
        tuple.append(shape.length == 1 ? ",)" : ")");
        return "{'descr': '<f4', 'fortran_order': False, 'shape': " + tuple + ", }";
    }

    /** Parses a header dictionary; trailing spaces and the final newline are allowed. */
    static NpyHeader parse(String text) throws NpyFormatException {
        Parser parser = new Parser(text);
        Map<String, Object> dict = parser.dict();
        parser.expectEnd();
        if (!dict.keySet().equals(KEYS)) {
            throw new NpyFormatException("npy header must have exactly the keys " + KEYS + ", found " + dict.keySet()
                    + " in " + text.strip());
        }
        Object descr = dict.get("descr");
        Object fortran = dict.get("fortran_order");
        Object shape = dict.get("shape");
        if (!(descr instanceof String d) || !(fortran instanceof Boolean f) || !(shape instanceof int[] s)) {
            throw new NpyFormatException("npy header has a value of the wrong type (descr must be a string,"
                    + " fortran_order a boolean, shape a tuple of integers): " + text.strip());
        }
        return new NpyHeader(d, f, s);
    }

    /** Recursive-descent reader over one header string; positions are character offsets. */
    private static final class Parser {
        private final String text;
        private int pos;

        Parser(String text) {
            this.text = text;
        }

        Map<String, Object> dict() throws NpyFormatException {
            expect('{');
            Map<String, Object> dict = new HashMap<>();
            while (peek() != '}') {
                String key = string();
                expect(':');
                if (dict.put(key, value()) != null) {
                    throw error("duplicate key '" + key + "'");
                }
                if (peek() != ',') {
                    break;
                }
                expect(',');
            }
            expect('}');
            return dict;
        }

        void expectEnd() throws NpyFormatException {
            if (peek() != 0) {
                throw error("unexpected text after the dictionary");
            }
        }

        private Object value() throws NpyFormatException {
            char c = peek();
            if (c == '\'' || c == '"') {
                return string();
            } else if (c == '(') {
                return tuple();
            } else if (c == '[') {
                throw error("structured dtypes (a list as descr) are not supported; save a plain float32 array");
            } else if (text.startsWith("True", pos)) {
                pos += 4;
                return Boolean.TRUE;
            } else if (text.startsWith("False", pos)) {
                pos += 5;
                return Boolean.FALSE;
            }
            throw error("expected a string, True, False or a tuple");
        }

        private String string() throws NpyFormatException {
            char quote = peek();
            if (quote != '\'' && quote != '"') {
                throw error("expected a quoted string");
            }
            int end = text.indexOf(quote, ++pos);
            if (end < 0) {
                throw error("unterminated string");
            }
            String value = text.substring(pos, end);
            pos = end + 1;
            return value;
        }

        private int[] tuple() throws NpyFormatException {
            expect('(');
            List<Integer> dims = new ArrayList<>();
            while (peek() != ')') {
                dims.add(dimension());
                if (peek() != ',') {
                    break;
                }
                expect(',');
            }
            expect(')');
            return dims.stream().mapToInt(Integer::intValue).toArray();
        }

        private int dimension() throws NpyFormatException {
            int start = pos;
            while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
                pos++;
            }
            if (pos == start) {
                throw error("expected a non-negative integer dimension");
            }
            try {
                return Integer.parseInt(text.substring(start, pos));
            } catch (NumberFormatException e) {
                throw error("dimension " + text.substring(start, pos) + " exceeds " + Integer.MAX_VALUE);
            }
        }

        private void expect(char c) throws NpyFormatException {
            if (peek() != c) {
                throw error("expected '" + c + "'");
            }
            pos++;
        }

        /** Next non-blank character, or 0 at the end; skips the blanks. */
        private char peek() {
            while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
                pos++;
            }
            return pos < text.length() ? text.charAt(pos) : 0;
        }

        private NpyFormatException error(String what) {
            return new NpyFormatException(
                    "malformed npy header at character " + pos + ": " + what + " in " + text.strip());
        }
    }
}
