package org.selfreg.infra.stack;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A child started as the leader of a process group (and session) of its own, with {@code setsid}, and signalled as a
 * whole. Two reasons: Ctrl-C in a terminal signals the terminal's whole foreground group, so children in the JVM's
 * group would stop at the same moment as the JVM, before it could end its sweep on them; and a group signal also
 * reaches the processes a server forked whose parent already exited (they are no longer its descendants). Where
 * {@code setsid} or {@code kill} is missing (not Linux), children stay in the JVM's group and are stopped by their
 * process tree alone.
 */
final class ProcessGroup {

    private static final Logger LOG = LoggerFactory.getLogger(ProcessGroup.class);
    private static final Optional<Path> SETSID = onPath("setsid");
    private static final Optional<Path> KILL = onPath("kill");
    private static final long SIGNAL_WAIT_SECONDS = 5;

    private ProcessGroup() {
    }

    /** {@code command} run as the leader of a new process group, where this system can. */
    static List<String> leading(List<String> command) {
        if (SETSID.isEmpty() || KILL.isEmpty()) {
            return command;
        }
        // The JVM's child is no group leader, so setsid makes it one without forking: the pid stays the command's.
        List<String> led = new ArrayList<>(command.size() + 1);
        led.add(SETSID.get().toString());
        led.addAll(command);
        return led;
    }

    /** Whether {@link #leading} puts children into groups of their own here. */
    static boolean supported() {
        return SETSID.isPresent() && KILL.isPresent();
    }

    /**
     * Sends {@code signal} ("TERM", "KILL") to every process in the group led by {@code leaderPid}. A group that is
     * already empty is no error.
     */
    static void signal(long leaderPid, String signal) {
        if (!supported()) {
            return;
        }
        try {
            Process kill = new ProcessBuilder(KILL.get().toString(), "-s", signal, "--", "-" + leaderPid)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!kill.waitFor(SIGNAL_WAIT_SECONDS, TimeUnit.SECONDS)) {
                kill.destroyForcibly();
            }
        } catch (IOException e) {
            LOG.warn("cannot signal process group {} ({}): stopping its known processes only", leaderPid,
                    e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Optional<Path> onPath(String program) {
        String path = System.getenv().getOrDefault("PATH", "");
        return Stream.of(path.split(File.pathSeparator)).filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, program)).filter(Files::isExecutable).findFirst();
    }
}
