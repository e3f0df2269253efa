package io.github.advent.entropy.weights;

/** Makes text taken from a file safe to put in a one-line error message. */
final class Text {
    private static final int MAX = 200;

    private Text() {}

    /** Escapes control characters and cuts long strings, so a hostile name cannot forge lines. */
    static String clip(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            if (sb.length() >= MAX) {
                return sb.append("...").toString();
            }
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                sb.append(String.format("\\x%02x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
