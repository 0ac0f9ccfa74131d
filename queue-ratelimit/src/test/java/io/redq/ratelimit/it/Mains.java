package io.redq.ratelimit.it;

import io.redq.core.RedQ;

/** What the worker JVMs' main classes share. */
final class Mains {

    private Mains() {
    }

    /**
     * Connects, trying up to three times: four JVMs starting at once on a busy machine sometimes miss
     * the client's connect timeout.
     */
    static RedQ connect(String url) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                return RedQ.connect(url);
            } catch (RuntimeException e) {
                if (attempt == 3) {
                    throw e;
                }
                Thread.sleep(500);
            }
        }
    }
}
