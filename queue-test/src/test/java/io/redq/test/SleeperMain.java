package io.redq.test;

import java.util.Arrays;

/** A child JVM for {@link JvmProcessIT}: prints what it was given, then READY, then sleeps. */
public final class SleeperMain {

    private SleeperMain() {
    }

    /**
     * @param args echoed on one line
     * @throws InterruptedException never expected; the test kills or terminates this JVM
     */
    public static void main(String[] args) throws InterruptedException {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println("SHUTDOWN HOOK RAN")));
        System.out.println("greeting=" + System.getProperty("redq.test.greeting"));
        System.out.println("args=" + Arrays.toString(args));
        System.out.println("READY");
        Thread.sleep(600_000); // a cap so a leaked child ends by itself; tests end it much sooner
    }
}
