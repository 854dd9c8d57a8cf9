package io.ticktickclock;

/** Small helpers shared by the specification tests. */
final class Runtimes {
    private Runtimes() {}

    static BspRuntime of(int processors) {
        return BspRuntime.builder().processors(processors).build();
    }

    /** Names of live threads started by TickTickClock runs. */
    static long liveRuntimeThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("ttc-") && t.isAlive())
                .count();
    }
}
