package org.selfreg.infra.stack;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A JVM for {@link ChildProcessShutdownTest}: starts a shell with two grandchildren, prints the process ids of that
 * tree on one line once it is complete, then waits to be interrupted.
 */
public final class ChildProcessHolder {

    private ChildProcessHolder() {
    }

    public static void main(String[] args) throws InterruptedException {
        Path dir = Path.of(args[0]);
        ChildProcess child = ChildProcess.start("held child", List.of("sh", "-c", "sleep 600 & sleep 600 & wait"),
                Map.of(), dir, dir.resolve("held.log"));
        Instant deadline = Instant.now().plusSeconds(60);
        List<ProcessHandle> tree = child.processTree();
        while (tree.size() < 3 && Instant.now().isBefore(deadline)) {
            Thread.sleep(20);
            tree = child.processTree();
        }
        System.out.println(tree.stream().map(handle -> Long.toString(handle.pid())).collect(Collectors.joining(" ")));
        System.out.flush();
        Thread.sleep(Duration.ofMinutes(10));
    }
}
