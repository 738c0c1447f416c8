package org.selfreg.infra.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Ctrl-C (SIGINT) and SIGTERM, taken over while a command must end something in order before its servers stop. By
 * default the JVM answers them by running its shutdown hooks, all at once and alongside the main thread, so "hand the
 * tasks back, terminate the sweep, then stop Conductor" cannot be ordered there; here the signal only completes
 * {@link #received()} and the command does the rest on its own thread. The first signal gives the handlers back, so a
 * second one stops the JVM at once, as before (its shutdown hook still stops the child servers).
 */
final class StopSignals implements AutoCloseable {

    /** A stop request: how a user names it, and the exit code a process stopped by it has (128 + the number). */
    record Stop(String name, int exitCode) {
    }

    private static final Map<String, String> NAMES = Map.of("INT", "Ctrl-C", "TERM", "SIGTERM");

    private final CompletableFuture<Stop> received = new CompletableFuture<>();
    private final Map<Signal, SignalHandler> previous = new LinkedHashMap<>();

    private StopSignals() {
    }

    /** Takes over SIGINT and SIGTERM until {@link #close}. */
    static StopSignals take() {
        StopSignals signals = new StopSignals();
        NAMES.keySet().forEach(signals::handle);
        return signals;
    }

    /** Completes with the first stop request. */
    CompletableFuture<Stop> received() {
        return received;
    }

    /** Gives the signals back to the JVM. */
    @Override
    public void close() {
        restore();
    }

    private void handle(String name) {
        Signal signal = new Signal(name);
        try {
            synchronized (previous) {
                previous.put(signal, Signal.handle(signal, this::receive));
            }
        } catch (IllegalArgumentException e) {
            // The JVM runs with -Xrs (signals left to the host): the shutdown hooks stay the only answer.
        }
    }

    private void receive(Signal signal) {
        restore();
        received.complete(new Stop(NAMES.get(signal.getName()), 128 + signal.getNumber()));
    }

    private void restore() {
        synchronized (previous) {
            previous.forEach(Signal::handle);
            previous.clear();
        }
    }
}
