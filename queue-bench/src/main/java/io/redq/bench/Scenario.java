package io.redq.bench;

/** One benchmark scenario: measures, reports each result through {@link BenchEnv#report}, cleans up its keys. */
interface Scenario {

    void run(BenchEnv env) throws Exception;
}
