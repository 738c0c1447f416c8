package org.selfreg.infra.sweep;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Shows a running sweep: on a terminal, a block of progress bars redrawn in place below the log; elsewhere (CI logs,
 * pipes), one line each time a trial changes phase, so logs stay readable.
 *
 * <p>On a terminal the workers' log lines (slf4j-simple writes them to {@code System.err}, on the same screen) would
 * land inside the block and be erased by its next redraw, leaving stale bars behind. So while the display is open,
 * {@code System.err} goes through it: each line is printed above the block, which is then drawn again below it.
 * Closing the display gives {@code System.err} back and leaves the last block on screen.
 */
public final class ProgressDisplay implements Consumer<SweepSnapshot>, AutoCloseable {

    private static final int BAR_WIDTH = 24;

    private final PrintStream out;
    private final TerminalBlock block;
    private final PrintStream logs;
    private final PrintStream logsThroughBlock;
    private List<String> shown = List.of();

    private ProgressDisplay(PrintStream out, TerminalBlock block, PrintStream logs, PrintStream logsThroughBlock) {
        this.out = out;
        this.block = block;
        this.logs = logs;
        this.logsThroughBlock = logsThroughBlock;
    }

    /** Progress on standard output {@code out}: bars when it is a terminal, otherwise a line per event. */
    public static ProgressDisplay forStdout(PrintStream out) {
        return Terminal.isInteractive(System.getenv())
                ? onTerminal(out, Terminal.columns(System.getenv())) : lineByLine(out);
    }

    /** A line each time a trial changes phase; the log is left alone. */
    static ProgressDisplay lineByLine(PrintStream out) {
        return new ProgressDisplay(out, null, null, null);
    }

    /** Bars redrawn in place on a terminal {@code columns} wide, with {@code System.err} printed above them. */
    static ProgressDisplay onTerminal(PrintStream out, int columns) {
        PrintStream logs = System.err;
        TerminalBlock block = new TerminalBlock(out, columns);
        PrintStream throughBlock = new PrintStream(new LineOutputStream(line -> block.printAbove(line, logs),
                logs.charset()), true, logs.charset());
        System.setErr(throughBlock);
        return new ProgressDisplay(out, block, logs, throughBlock);
    }

    @Override
    public void accept(SweepSnapshot snapshot) {
        List<String> lines = new ArrayList<>();
        lines.add("sweep: " + snapshot.stage());
        for (SweepSnapshot.Trial trial : snapshot.trials()) {
            lines.add(block != null ? barLine(trial) : phaseLine(trial));
        }
        if (block != null) {
            block.show(lines);
        } else {
            lines.stream().filter(line -> !shown.contains(line)).forEach(out::println);
            out.flush();
        }
        shown = lines;
    }

    /** Gives {@code System.err} back (unless someone replaced it since); the last block stays on screen. */
    @Override
    public void close() {
        if (logsThroughBlock == null) {
            return;
        }
        logsThroughBlock.close();
        if (System.err == logsThroughBlock) {
            System.setErr(logs);
        }
    }

    private static String phaseLine(SweepSnapshot.Trial trial) {
        return String.format(Locale.ROOT, "  %-14s %s", trial.label(), trial.phase().name().toLowerCase(Locale.ROOT));
    }

    private static String barLine(SweepSnapshot.Trial trial) {
        int filled = (int) Math.round(trial.fraction() * BAR_WIDTH);
        String bar = "#".repeat(filled) + "-".repeat(BAR_WIDTH - filled);
        return String.format(Locale.ROOT, "  %-14s %-10s [%s] %3d%%  %s", trial.label(),
                trial.phase().name().toLowerCase(Locale.ROOT), bar, Math.round(trial.fraction() * 100), trial.detail());
    }
}
