package io.ticktickclock.examples;

import java.util.Locale;

/**
 * Text from a file or an exception made safe for a terminal: printable ASCII stays as it is, everything
 * else is escaped ({@code \t}, {@code \r}, {@code \n}, {@code \\}, {@code \"}, {@code \xNN}), so an error
 * message never carries control characters or escape sequences, and bytes that are not text stay visible.
 */
final class Printable {
    private Printable() {}

    /** {@code bytes[0 .. length)} escaped, at most {@code shown} of them (then {@code ...}). */
    static String bytes(byte[] bytes, int length, int shown) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < Math.min(length, shown); i++) {
            escape(bytes[i] & 0xFF, b);
        }
        return length > shown ? b.append("...").toString() : b.toString();
    }

    /**
     * {@code text} with its control characters (C0, DEL and C1) escaped; other characters, quotes and
     * backslashes stay, so that a message reads as written.
     */
    static String text(String text) {
        StringBuilder b = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c)) {
                escape(c, b);
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static void escape(int c, StringBuilder b) {
        switch (c) {
            case '\t' -> b.append("\\t");
            case '\r' -> b.append("\\r");
            case '\n' -> b.append("\\n");
            case '\\' -> b.append("\\\\");
            case '"' -> b.append("\\\"");
            default -> {
                if (c >= 0x20 && c <= 0x7E) {
                    b.append((char) c);
                } else {
                    b.append(String.format(Locale.ROOT, "\\x%02X", c));
                }
            }
        }
    }
}
