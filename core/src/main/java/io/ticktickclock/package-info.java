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
 */
package io.ticktickclock;
