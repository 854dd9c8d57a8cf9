package io.ticktickclock.benchmarks;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares what {@link Report} compares a benchmark with, where its name does not say: the baseline methods of
 * its class ({@link #value}, measured with the same parameters), or the same method run with one parameter set
 * to a value ({@link #param}, e.g. {@code "telemetry=off"}). Without it, a benchmark {@code foo} is compared with
 * {@code fooBaseline}, or with its class's only baseline; a class with several baselines, none named after the
 * benchmark, shows no ratio.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface ComparedWith {
    /** Baseline methods of the same class. */
    String[] value() default {};

    /** {@code name=value}: the same method with this parameter set so is the baseline. */
    String param() default "";
}
