package io.ticktickclock.benchmarks;

/** Starts {@code n} platform threads, joins them, returns the sum of their results: the baselines' harness. */
final class Threads {
    private Threads() {}

    interface Body {
        int run(int id) throws Exception;
    }

    static int runAll(int n, Body body) throws InterruptedException {
        int[] results = new int[n];
        Thread[] threads = new Thread[n];
        Throwable[] failure = new Throwable[1];
        for (int i = 0; i < n; i++) {
            int id = i;
            threads[i] = new Thread(() -> {
                try {
                    results[id] = body.run(id);
                } catch (Throwable t) {
                    synchronized (failure) {
                        failure[0] = t;
                    }
                }
            });
            threads[i].start();
        }
        int sum = 0;
        for (int i = 0; i < n; i++) {
            threads[i].join();
            sum += results[i];
        }
        synchronized (failure) {
            if (failure[0] != null) {
                throw new IllegalStateException("baseline thread failed", failure[0]);
            }
        }
        return sum;
    }
}
