/**
 * A live web dashboard for TickTickClock runs: {@link io.ticktickclock.dashboard.Dashboard} attaches to a
 * {@link io.ticktickclock.telemetry.Telemetry} and serves a page that follows each run superstep by superstep
 * (the time split into compute, communicate and barrier wait; a heat map of processors × supersteps; slow
 * supersteps and their stragglers; with a machine profile, predicted vs measured time and what bounds each
 * superstep), JSON endpoints, and a Prometheus scrape of the Micrometer metrics.
 *
 * <h2>Why Javalin and server-sent events</h2>
 * Javalin is a small library on Jetty, the servlet container most Java users have already deployed: no
 * framework, no annotation scanning, a handful of dependencies, started and stopped from a {@code main}. The
 * page only receives (it never sends), so server-sent events suffice: plain HTTP, reconnecting by itself in
 * every browser, no WebSocket protocol to handle. Charts are drawn with uPlot (a 50 kB library, served from
 * its WebJar), the heat maps on a canvas; nothing is loaded from elsewhere, so the page works offline.
 *
 * <p>This module is separate from {@code ticktickclock-core} so that core keeps no web dependency.
 * Javalin logs through SLF4J: add the binding your application uses (e.g. {@code slf4j-simple} or
 * {@code slf4j-jdk14}), or it prints a notice once.
 */
package io.ticktickclock.dashboard;
