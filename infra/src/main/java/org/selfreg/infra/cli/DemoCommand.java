package org.selfreg.infra.cli;

import java.io.PrintStream;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * {@code selfreg demo}: a lambda sweep on generated data, through the local stack and in-process workers.
 */
final class DemoCommand {

    private final PrintStream out;

    DemoCommand(PrintStream out) {
        this.out = out;
    }

    int run(DemoOptions options) throws InterruptedException {
        String sweepName = "demo-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        return new SweepSession(out).run(options.stack(), options.sweep(sweepName), true, null,
                "./selfreg demo with the same options");
    }
}
