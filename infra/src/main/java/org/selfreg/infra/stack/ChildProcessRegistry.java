package org.selfreg.infra.stack;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The children still running in this JVM, stopped by one shutdown hook so that Ctrl-C (or any other JVM exit) leaves no
 * Conductor or MLflow server, nor any worker they forked, behind.
 */
final class ChildProcessRegistry {

    private static final Set<ChildProcess> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ChildProcessRegistry::stopAll, "selfreg-child-reaper"));
    }

    private ChildProcessRegistry() {
    }

    static void register(ChildProcess child) {
        RUNNING.add(child);
    }

    static void unregister(ChildProcess child) {
        RUNNING.remove(child);
    }

    private static void stopAll() {
        // Each close() may wait out a grace period: stop the children in parallel to keep the JVM's exit short. A
        // child stays registered until it has stopped, so that this waits for a stop its owner began.
        List<Thread> stoppers = List.copyOf(RUNNING).stream()
                .map(child -> Thread.ofPlatform().start(child::close)).toList();
        for (Thread stopper : stoppers) {
            try {
                stopper.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
