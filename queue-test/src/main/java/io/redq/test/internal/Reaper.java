package io.redq.test.internal;

import java.util.ArrayList;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Closes registered resources when the JVM exits, so no redis-server or child JVM
 * outlives the test run even when a test forgot to close it or the run was aborted.
 *
 * <p>One shutdown hook is installed on first use. Resources that are closed normally
 * should {@link #unregister(AutoCloseable)} themselves so the set stays small.
 */
public final class Reaper {

    private static final System.Logger LOG = System.getLogger(Reaper.class.getName());
    private static final Set<AutoCloseable> RESOURCES = ConcurrentHashMap.newKeySet();
    private static boolean hookInstalled;

    private Reaper() {
    }

    /**
     * Registers a resource to be closed at JVM exit.
     *
     * @param resource the resource; must not be null
     */
    public static void register(AutoCloseable resource) {
        installHook();
        RESOURCES.add(resource);
    }

    /**
     * Forgets a resource, typically because it was closed already. Unknown resources are ignored.
     *
     * @param resource the resource; must not be null
     */
    public static void unregister(AutoCloseable resource) {
        RESOURCES.remove(resource);
    }

    private static synchronized void installHook() {
        if (!hookInstalled) {
            // In the root thread group: a launcher such as exec:java destroys the caller's group after main().
            Runtime.getRuntime().addShutdownHook(new Thread(rootGroup(), Reaper::closeAll, "redq-test-reaper"));
            hookInstalled = true;
        }
    }

    private static void closeAll() {
        for (AutoCloseable resource : new ArrayList<>(RESOURCES)) {
            try {
                resource.close();
            } catch (Exception e) {
                LOG.log(System.Logger.Level.WARNING, "could not close " + resource + " at JVM exit", e);
            }
        }
        RESOURCES.clear();
    }

    private static ThreadGroup rootGroup() {
        ThreadGroup group = Thread.currentThread().getThreadGroup();
        while (group.getParent() != null) {
            group = group.getParent();
        }
        return group;
    }
}
