package io.ticktickclock.cost;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The BSP parameters of one machine at one processor count, as measured by {@link Probe}, with 95%
 * confidence half-widths; saved to and loaded from JSON so that later runs can use them.
 *
 * <pre>{@code
 * MachineProfile profile = Probe.run(2, Probe.Options.defaults());
 * if (!profile.trusted()) {
 *     System.err.println("untrusted: " + profile.warnings());
 * }
 * profile.save(Path.of("profile.json"));
 * BspParameters p = MachineProfile.load(Path.of("profile.json")).parameters();
 * }</pre>
 *
 * <p><b>Trust.</b> A profile is {@link #trusted() trusted} when it has no {@link #warnings() warnings}. The
 * constructor without warnings derives them from the numbers ({@link #assess}): the fit is not trusted when
 * {@code R² < }{@value #MIN_R_SQUARED} (T - w is not a line in h), when g or l is not positive, or when
 * the 95% confidence half-width of g or l is not smaller than the value itself. A busy machine gives such
 * fits (g = 0.0000 ± 2390 ns/word with R² = 0.09 was seen); predictions from them mean nothing.
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
 * @param warnings why the profile cannot be trusted, one sentence each; empty when it can
 */
public record MachineProfile(int processors, double gNanosPerWord, double gConfidence95, double lNanos,
        double lConfidence95, double rSquared, int samples, int cores, String jvm, String os, String measuredAt,
        List<String> warnings) {

    /** Below this coefficient of determination the fit is not trusted. */
    public static final double MIN_R_SQUARED = 0.8;

    public MachineProfile {
        Objects.requireNonNull(jvm, "jvm must not be null");
        Objects.requireNonNull(os, "os must not be null");
        Objects.requireNonNull(measuredAt, "measuredAt must not be null");
        warnings = List.copyOf(Objects.requireNonNull(warnings, "warnings must not be null"));
    }

    /** A profile whose warnings are {@linkplain #assess derived} from its numbers. */
    public MachineProfile(int processors, double gNanosPerWord, double gConfidence95, double lNanos,
            double lConfidence95, double rSquared, int samples, int cores, String jvm, String os, String measuredAt) {
        this(processors, gNanosPerWord, gConfidence95, lNanos, lConfidence95, rSquared, samples, cores, jvm, os,
                measuredAt, assess(gNanosPerWord, gConfidence95, lNanos, lConfidence95, rSquared));
    }

    /** Whether the fit can be trusted: no {@link #warnings()}. */
    public boolean trusted() {
        return warnings.isEmpty();
    }

    /** This profile with other warnings. */
    public MachineProfile withWarnings(List<String> warnings) {
        return new MachineProfile(processors, gNanosPerWord, gConfidence95, lNanos, lConfidence95, rSquared, samples,
                cores, jvm, os, measuredAt, warnings);
    }

    /**
     * Why a fit with these numbers cannot be trusted, one sentence each; empty if it can. NaN fails every
     * test it takes part in.
     *
     * @param gConfidence95 half-width of g's 95% confidence interval
     * @param lConfidence95 half-width of l's 95% confidence interval
     */
    public static List<String> assess(double gNanosPerWord, double gConfidence95, double lNanos,
            double lConfidence95, double rSquared) {
        List<String> w = new ArrayList<>();
        if (!(rSquared >= MIN_R_SQUARED)) {
            w.add(String.format(Locale.ROOT, "R² = %.3f is below %s: the time is not a line in h (a busy or noisy "
                    + "machine)", rSquared, MIN_R_SQUARED));
        }
        check(w, "g", "ns/word", gNanosPerWord, gConfidence95);
        check(w, "l", "ns", lNanos, lConfidence95);
        return w;
    }

    private static void check(List<String> w, String name, String unit, double value, double confidence95) {
        if (!(value > 0)) {
            w.add(String.format(Locale.ROOT, "%s = %.4g %s is not positive", name, value, unit));
        } else if (!(confidence95 < value)) {
            w.add(String.format(Locale.ROOT, "%s = %.4g ± %.4g %s: the 95%% confidence interval is wider than the "
                    + "value", name, value, confidence95, unit));
        }
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
                  "measuredAt": %s,
                  "trusted": %s,
                  "warnings": [%s]
                }
                """, processors, num(gNanosPerWord), num(gConfidence95), num(lNanos), num(lConfidence95),
                num(rSquared), samples, cores, Json.quote(jvm), Json.quote(os), Json.quote(measuredAt), trusted(),
                String.join(", ", warnings.stream().map(Json::quote).toList()));
    }

    private static String num(double d) {
        return Double.isFinite(d) ? Double.toString(d) : "null";
    }

    /**
     * Writes the profile as JSON the way the standard tools write a file: a symbolic link is followed to its
     * target, which is replaced atomically (a temporary file in the target's directory, renamed over it; a
     * new file gets {@code rw-r--r--}, an existing one keeps its permissions); a device or FIFO is written
     * in place, never replaced.
     *
     * @throws IOException if the file cannot be written (no such directory, is a directory, permission denied)
     */
    public void save(Path file) throws IOException {
        Path target = file;
        for (int links = 0; Files.isSymbolicLink(target); links++) {
            if (links == 40) {
                throw new java.nio.file.FileSystemException(file.toString(), null, "too many levels of symbolic links");
            }
            target = target.resolveSibling(Files.readSymbolicLink(target));
        }
        String json = toJson();
        if (Files.exists(target) && !Files.isRegularFile(target)) {
            Files.writeString(target, json, StandardCharsets.UTF_8);   // a device or FIFO; a directory fails here
            return;
        }
        boolean existed = Files.exists(target);
        java.util.Set<java.nio.file.attribute.PosixFilePermission> keep = null;
        if (existed) {
            try {
                keep = Files.getPosixFilePermissions(target);
            } catch (UnsupportedOperationException notPosix) {
                // Not a POSIX file system: nothing to keep.
            }
        }
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, ".profile", ".tmp");
        try {
            Files.writeString(tmp, json, StandardCharsets.UTF_8);
            try {
                Files.setPosixFilePermissions(tmp, keep != null ? keep
                        : java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
            } catch (UnsupportedOperationException notPosix) {
                // Not a POSIX file system: keep its defaults.
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
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

    /**
     * Parses {@link #toJson()}'s format. A profile without {@code "warnings"} (written before profiles had
     * them) gets the warnings its numbers {@linkplain #assess imply}.
     *
     * @throws IllegalArgumentException if a field is missing or malformed, or {@code "trusted"} contradicts
     *     {@code "warnings"}
     */
    public static MachineProfile fromJson(String json) {
        Map<String, Object> m = Json.parseFlatObject(json);
        MachineProfile p = new MachineProfile(intField(m, "processors"), doubleField(m, "gNanosPerWord"),
                doubleField(m, "gConfidence95"), doubleField(m, "lNanos"), doubleField(m, "lConfidence95"),
                doubleField(m, "rSquared"), intField(m, "samples"), intField(m, "cores"), stringField(m, "jvm"),
                stringField(m, "os"), stringField(m, "measuredAt"));
        if (m.containsKey("warnings")) {
            p = p.withWarnings(stringListField(m, "warnings"));
        }
        if (m.containsKey("trusted")) {
            Object t = m.get("trusted");
            if (!(t instanceof Boolean trusted)) {
                throw new IllegalArgumentException("field \"trusted\" must be true or false, got " + t);
            }
            if (trusted != p.trusted()) {
                throw new IllegalArgumentException("field \"trusted\" is " + trusted + " but the warnings are "
                        + p.warnings());
            }
        }
        return p;
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

    private static List<String> stringListField(Map<String, Object> m, String name) {
        if (!(field(m, name) instanceof List<?> list) || !list.stream().allMatch(String.class::isInstance)) {
            throw new IllegalArgumentException("field \"" + name + "\" must be an array of strings, got "
                    + m.get(name));
        }
        return list.stream().map(String.class::cast).toList();
    }

    private static String stringField(Map<String, Object> m, String name) {
        Object v = field(m, name);
        if (!(v instanceof String s)) {
            throw new IllegalArgumentException("field \"" + name + "\" must be a string, got " + v);
        }
        return s;
    }

    /** The smallest JSON needed here: flat objects of strings, numbers, booleans, null and arrays of those. */
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
                if (c == '[') {
                    pos++;
                    List<Object> list = new ArrayList<>();
                    skip();
                    if (peek() != ']') {
                        while (true) {
                            skip();
                            list.add(value());
                            skip();
                            if (peek() != ',') {
                                break;
                            }
                            pos++;
                        }
                    }
                    expect(']');
                    return list;
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
