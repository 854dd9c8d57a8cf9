package io.ticktickclock.cost;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The BSP parameters of one machine at one processor count, as measured by {@link Probe}, with 95%
 * confidence half-widths; saved to and loaded from JSON so that later runs can use them.
 *
 * <pre>{@code
 * MachineProfile profile = Probe.run(2, Probe.Options.defaults());
 * profile.save(Path.of("profile.json"));
 * BspParameters p = MachineProfile.load(Path.of("profile.json")).parameters();
 * }</pre>
 *
 * @param processors the processor count
 * @param gNanosPerWord g, nanoseconds per 8-byte word
 * @param gConfidence95 half-width of g's 95% confidence interval
 * @param lNanos l, nanoseconds
 * @param lConfidence95 half-width of l's 95% confidence interval
 * @param rSquared the fit's coefficient of determination
 * @param samples how many supersteps were measured
 * @param cores {@link Runtime#availableProcessors()} of the machine
 * @param jvm the JVM ({@code java.vm.name} and {@code java.version})
 * @param os the operating system and architecture
 * @param measuredAt when (ISO-8601)
 */
public record MachineProfile(int processors, double gNanosPerWord, double gConfidence95, double lNanos,
        double lConfidence95, double rSquared, int samples, int cores, String jvm, String os, String measuredAt) {

    public MachineProfile {
        Objects.requireNonNull(jvm, "jvm must not be null");
        Objects.requireNonNull(os, "os must not be null");
        Objects.requireNonNull(measuredAt, "measuredAt must not be null");
    }

    /** The parameters for the cost model. */
    public BspParameters parameters() {
        return new BspParameters(processors, gNanosPerWord, lNanos);
    }

    /** This profile as a JSON object. */
    public String toJson() {
        return String.format(Locale.ROOT, """
                {
                  "processors": %d,
                  "gNanosPerWord": %s,
                  "gConfidence95": %s,
                  "lNanos": %s,
                  "lConfidence95": %s,
                  "rSquared": %s,
                  "samples": %d,
                  "cores": %d,
                  "jvm": %s,
                  "os": %s,
                  "measuredAt": %s
                }
                """, processors, num(gNanosPerWord), num(gConfidence95), num(lNanos), num(lConfidence95),
                num(rSquared), samples, cores, Json.quote(jvm), Json.quote(os), Json.quote(measuredAt));
    }

    private static String num(double d) {
        return Double.isFinite(d) ? Double.toString(d) : "null";
    }

    /** Writes the profile as JSON, atomically (a temporary file renamed over {@code file}). */
    public void save(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, ".profile", ".tmp");
        try {
            Files.writeString(tmp, toJson(), StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            try {
                Files.setPosixFilePermissions(file,
                        java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
            } catch (UnsupportedOperationException notPosix) {
                // Not a POSIX file system: keep its defaults.
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Reads a profile written by {@link #save}.
     *
     * @throws IOException if the file cannot be read
     * @throws IllegalArgumentException if it is not a profile (naming the file and what is wrong)
     */
    public static MachineProfile load(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        try {
            return fromJson(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + " is not a machine profile: " + e.getMessage(), e);
        }
    }

    /** Parses {@link #toJson()}'s format. */
    public static MachineProfile fromJson(String json) {
        Map<String, Object> m = Json.parseFlatObject(json);
        return new MachineProfile(intField(m, "processors"), doubleField(m, "gNanosPerWord"),
                doubleField(m, "gConfidence95"), doubleField(m, "lNanos"), doubleField(m, "lConfidence95"),
                doubleField(m, "rSquared"), intField(m, "samples"), intField(m, "cores"), stringField(m, "jvm"),
                stringField(m, "os"), stringField(m, "measuredAt"));
    }

    private static Object field(Map<String, Object> m, String name) {
        if (!m.containsKey(name)) {
            throw new IllegalArgumentException("missing field \"" + name + "\"");
        }
        return m.get(name);
    }

    private static double doubleField(Map<String, Object> m, String name) {
        Object v = field(m, name);
        if (v == null) {
            return Double.NaN;
        }
        if (!(v instanceof Double d)) {
            throw new IllegalArgumentException("field \"" + name + "\" must be a number, got " + v);
        }
        return d;
    }

    private static int intField(Map<String, Object> m, String name) {
        double d = doubleField(m, name);
        if (d != Math.rint(d) || Math.abs(d) > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("field \"" + name + "\" must be an integer, got " + d);
        }
        return (int) d;
    }

    private static String stringField(Map<String, Object> m, String name) {
        Object v = field(m, name);
        if (!(v instanceof String s)) {
            throw new IllegalArgumentException("field \"" + name + "\" must be a string, got " + v);
        }
        return s;
    }

    /** The smallest JSON needed here: flat objects of strings, numbers, booleans and null. */
    static final class Json {
        private Json() {}

        static String quote(String s) {
            StringBuilder b = new StringBuilder("\"");
            for (char c : s.toCharArray()) {
                switch (c) {
                    case '"' -> b.append("\\\"");
                    case '\\' -> b.append("\\\\");
                    case '\n' -> b.append("\\n");
                    case '\r' -> b.append("\\r");
                    case '\t' -> b.append("\\t");
                    default -> {
                        if (c < 0x20) {
                            b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                        } else {
                            b.append(c);
                        }
                    }
                }
            }
            return b.append('"').toString();
        }

        static Map<String, Object> parseFlatObject(String text) {
            Parser p = new Parser(text);
            Map<String, Object> m = new LinkedHashMap<>();
            p.skip();
            p.expect('{');
            p.skip();
            if (p.peek() != '}') {
                while (true) {
                    p.skip();
                    String key = p.string();
                    p.skip();
                    p.expect(':');
                    p.skip();
                    m.put(key, p.value());
                    p.skip();
                    if (p.peek() == ',') {
                        p.pos++;
                        continue;
                    }
                    break;
                }
            }
            p.expect('}');
            p.skip();
            if (p.pos != text.length()) {
                throw new IllegalArgumentException("unexpected text after the object at offset " + p.pos);
            }
            return m;
        }

        private static final class Parser {
            final String s;
            int pos;

            Parser(String s) {
                this.s = s;
            }

            char peek() {
                if (pos >= s.length()) {
                    throw new IllegalArgumentException("unexpected end of JSON");
                }
                return s.charAt(pos);
            }

            void skip() {
                while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
                    pos++;
                }
            }

            void expect(char c) {
                if (peek() != c) {
                    throw new IllegalArgumentException("expected '" + c + "' at offset " + pos + ", found '" + peek()
                            + "'");
                }
                pos++;
            }

            String string() {
                expect('"');
                StringBuilder b = new StringBuilder();
                while (true) {
                    char c = peek();
                    pos++;
                    if (c == '"') {
                        return b.toString();
                    }
                    if (c == '\\') {
                        char e = peek();
                        pos++;
                        switch (e) {
                            case 'n' -> b.append('\n');
                            case 'r' -> b.append('\r');
                            case 't' -> b.append('\t');
                            case 'u' -> {
                                b.append((char) Integer.parseInt(s.substring(pos, pos + 4), 16));
                                pos += 4;
                            }
                            default -> b.append(e);
                        }
                    } else {
                        b.append(c);
                    }
                }
            }

            Object value() {
                char c = peek();
                if (c == '"') {
                    return string();
                }
                if (s.startsWith("null", pos)) {
                    pos += 4;
                    return null;
                }
                if (s.startsWith("true", pos)) {
                    pos += 4;
                    return Boolean.TRUE;
                }
                if (s.startsWith("false", pos)) {
                    pos += 5;
                    return Boolean.FALSE;
                }
                int start = pos;
                while (pos < s.length() && "+-0123456789.eE".indexOf(s.charAt(pos)) >= 0) {
                    pos++;
                }
                if (start == pos) {
                    throw new IllegalArgumentException("expected a value at offset " + start + ", found '" + c + "'");
                }
                try {
                    return Double.parseDouble(s.substring(start, pos));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("bad number '" + s.substring(start, pos) + "' at offset "
                            + start);
                }
            }
        }
    }
}
