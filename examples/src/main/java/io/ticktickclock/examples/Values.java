package io.ticktickclock.examples;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The checks of {@code ttc}'s option values, in one place: each is a picocli converter, so a bad value is a
 * usage error (exit 2) that picocli words as {@code Invalid value for option '--processors': expected an
 * integer >= 1, got '0'}, naming the option, the value and what was expected, before anything runs.
 */
final class Values {
    private Values() {}

    /** The most processors {@code ttc} starts: far above any machine's cores, far below what freezes one. */
    static final int MAX_PROCESSORS = 10_000;

    private static TypeConversionException expected(String what, String value) {
        return new TypeConversionException("expected " + what + ", got '" + value + "'");
    }

    private static long parseLong(String value, String what) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw expected(what, value);
        }
    }

    private static double parseDouble(String value, String what) {
        try {
            return Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw expected(what, value);
        }
    }

    /** A processor count, in [1, {@value #MAX_PROCESSORS}]. */
    static final class Processors implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            String what = "a processor count in [1, " + MAX_PROCESSORS + "]";
            long p = parseLong(value, what);
            if (p < 1 || p > MAX_PROCESSORS) {
                throw expected(what, value);
            }
            return (int) p;
        }
    }

    /** An {@code int} >= 1. */
    static final class PositiveInt implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            long n = parseLong(value, "an integer >= 1");
            if (n < 1 || n > Integer.MAX_VALUE) {
                throw expected("an integer in [1, " + Integer.MAX_VALUE + "]", value);
            }
            return (int) n;
        }
    }

    /** An {@code int} >= 0. */
    static final class NonNegativeInt implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            long n = parseLong(value, "an integer >= 0");
            if (n < 0 || n > Integer.MAX_VALUE) {
                throw expected("an integer in [0, " + Integer.MAX_VALUE + "]", value);
            }
            return (int) n;
        }
    }

    /** A {@code long} >= 0. */
    static final class NonNegativeLong implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            long n = parseLong(value, "an integer >= 0");
            if (n < 0) {
                throw expected("an integer >= 0", value);
            }
            return n;
        }
    }

    /** A node id: a non-negative 64-bit integer, as in edge lists. */
    static final class NodeId implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            long n = parseLong(value, "a node id (an integer >= 0)");
            if (n < 0) {
                throw expected("a node id (an integer >= 0)", value);
            }
            return n;
        }
    }

    /** A damping factor, strictly between 0 and 1. */
    static final class Damping implements ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            double d = parseDouble(value, "a number in (0, 1)");
            if (!(d > 0 && d < 1)) {
                throw expected("a number in (0, 1)", value);
            }
            return d;
        }
    }

    /** A finite number > 0. */
    static final class PositiveDouble implements ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            double d = parseDouble(value, "a number > 0");
            if (!(d > 0 && d < Double.POSITIVE_INFINITY)) {
                throw expected("a finite number > 0", value);
            }
            return d;
        }
    }

    /** Durations as people write them: 250ms, 30s, 5m, 2h, or ISO-8601 (PT30S); positive. */
    static final class PositiveDuration implements ITypeConverter<Duration> {
        private static final Pattern SHORT = Pattern.compile("(\\d+)(ms|s|m|h)");

        @Override
        public Duration convert(String value) {
            Matcher m = SHORT.matcher(value.trim());
            Duration d;
            try {
                d = !m.matches() ? Duration.parse(value.trim()) : switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(Long.parseLong(m.group(1)));
                    case "s" -> Duration.ofSeconds(Long.parseLong(m.group(1)));
                    case "m" -> Duration.ofMinutes(Long.parseLong(m.group(1)));
                    default -> Duration.ofHours(Long.parseLong(m.group(1)));
                };
            } catch (RuntimeException e) {
                throw expected("a positive duration: a number with ms, s, m or h (e.g. 30s), or PT30S", value);
            }
            if (d.isNegative() || d.isZero()) {
                throw expected("a positive duration", value);
            }
            return d;
        }
    }
}
