package org.selfreg.infra.sweep;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Shows a running sweep: on a terminal, a block of progress bars redrawn in place; elsewhere (CI logs, pipes), one line
 * each time a trial changes phase, so logs stay readable.
 */
public final class ProgressDisplay implements Consumer<SweepSnapshot> {

    private static final int BAR_WIDTH = 24;

    private final PrintStream out;
    private final boolean redraw;
    private List<String> shown = List.of();

    public ProgressDisplay(PrintStream out, boolean interactiveTerminal) {
        this.out = out;
        this.redraw = interactiveTerminal;
    }

    @Override
    public void accept(SweepSnapshot snapshot) {
        List<String> lines = new ArrayList<>();
        lines.add("sweep: " + snapshot.stage());
        for (SweepSnapshot.Trial trial : snapshot.trials()) {
            lines.add(redraw ? barLine(trial) : phaseLine(trial));
        }
        if (redraw) {
            if (!shown.isEmpty()) {
                out.print("\u001b[" + shown.size() + "F\u001b[J");
            }
            lines.forEach(out::println);
        } else {
            lines.stream().filter(line -> !shown.contains(line)).forEach(out::println);
        }
        out.flush();
        shown = lines;
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
