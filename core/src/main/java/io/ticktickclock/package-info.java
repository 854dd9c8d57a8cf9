/**
 * Bulk Synchronous Parallel (BSP) computing for Java.
 *
 * <p>A computation runs on {@code p} processors in <em>supersteps</em>: each processor computes on its own
 * state and sends messages, then all processors meet at a barrier; messages sent in superstep {@code s}
 * are delivered in superstep {@code s + 1}.
 *
 * <p>Start at {@link io.ticktickclock.BspRuntime#builder()}. Programs are written either in SPMD style
 * ({@link io.ticktickclock.SpmdProgram}: one function per processor that calls
 * {@link io.ticktickclock.BspContext#sync()}) or as a list of named supersteps
 * ({@link io.ticktickclock.BspProgram}). Both run on the same engine and report the same
 * {@link io.ticktickclock.BspResult}.
 *
 * <h2>Arguments</h2>
 * One rule holds for every public method of this package and its subpackages: a {@code null} argument
 * throws {@link java.lang.NullPointerException} whose message names the parameter ("op must not be null"),
 * unless the parameter's documentation says that {@code null} is allowed (as for the value that processors
 * other than the root pass to {@code broadcast}). Any other argument outside what a method accepts throws
 * {@link java.lang.IllegalArgumentException} naming the argument, the value and what was expected. Both
 * are thrown on the calling thread, before anything is sent or changed.
 */
package io.ticktickclock;
