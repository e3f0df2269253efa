package io.github.advent.entropy.weights;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses the Python literal in a .npy header, e.g. {@code {'descr': '<f4', 'fortran_order':
 * False, 'shape': (2, 3), }}: dicts, tuples and lists (as List), quoted strings, ints (Long),
 * True/False/None. Nothing is evaluated.
 */
final class PyLiteral {
    private static final int MAX_DEPTH = 16;

    private final String s;
    private int i;

    private PyLiteral(String s) {
        this.s = s;
    }

    /** @throws IllegalArgumentException with a short reason when the text is not such a literal */
    static Object parse(String text) {
        PyLiteral p = new PyLiteral(text);
        Object v = p.value(0);
        p.skipSpace();
        if (p.i != text.length()) {
            throw new IllegalArgumentException("unexpected text after the literal at character " + p.i);
        }
        return v;
    }

    private Object value(int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("nested too deeply");
        }
        skipSpace();
        if (i >= s.length()) {
            throw new IllegalArgumentException("ends early");
        }
        char c = s.charAt(i);
        if (c == '{') {
            i++;
            Map<Object, Object> d = new LinkedHashMap<>();
            while (!closes('}')) {
                Object k = value(depth + 1);
                expect(':');
                d.put(k, value(depth + 1));
                if (!next('}')) {
                    expect(',');
                }
            }
            return d;
        }
        if (c == '(' || c == '[') {
            char close = c == '(' ? ')' : ']';
            i++;
            List<Object> items = new ArrayList<>();
            while (!closes(close)) {
                items.add(value(depth + 1));
                if (!next(close)) {
                    expect(',');
                }
            }
            return items;
        }
        if (c == '\'' || c == '"') {
            int end = s.indexOf(c, i + 1);
            if (end < 0) {
                throw new IllegalArgumentException("unterminated string");
            }
            String str = s.substring(i + 1, end);
            i = end + 1;
            return str;
        }
        int start = i;
        while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '-')) {
            i++;
        }
        String word = s.substring(start, i);
        switch (word) {
            case "True":
                return Boolean.TRUE;
            case "False":
                return Boolean.FALSE;
            case "None":
                return null;
            default:
                break;
        }
        String digits = word.endsWith("L") ? word.substring(0, word.length() - 1) : word; // Python 2 longs
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("unexpected '" + Text.clip(word.isEmpty() ? String.valueOf(c) : word)
                    + "' at character " + start);
        }
    }

    /** Consumes {@code close} if it is next (after spaces). */
    private boolean closes(char close) {
        skipSpace();
        if (i >= s.length()) {
            throw new IllegalArgumentException("ends early");
        }
        if (s.charAt(i) == close) {
            i++;
            return true;
        }
        return false;
    }

    /** True if {@code c} is next (after spaces), without consuming it. */
    private boolean next(char c) {
        skipSpace();
        return i < s.length() && s.charAt(i) == c;
    }

    private void expect(char c) {
        skipSpace();
        if (i >= s.length() || s.charAt(i) != c) {
            throw new IllegalArgumentException("expected '" + c + "' at character " + i);
        }
        i++;
    }

    private void skipSpace() {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
    }
}
