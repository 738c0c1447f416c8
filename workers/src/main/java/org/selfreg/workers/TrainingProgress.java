package org.selfreg.workers;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How far a training task is, as one task-log line that the sweep's progress display reads back.
 *
 * @param epoch      the current epoch, from 1
 * @param epochs     the number of epochs
 * @param step       the current iteration within the epoch, from 1
 * @param steps      the iterations per epoch
 */
public record TrainingProgress(int epoch, int epochs, int step, int steps) {

    private static final Pattern LINE = Pattern.compile("epoch (\\d+)/(\\d+) step (\\d+)/(\\d+)");

    /** The fraction of all iterations done, in [0, 1]. */
    public double fraction() {
        long total = (long) epochs * steps;
        return total == 0 ? 0 : ((long) (epoch - 1) * steps + step) / (double) total;
    }

    /** The task-log line for this progress. */
    public String line() {
        return "epoch " + epoch + "/" + epochs + " step " + step + "/" + steps;
    }

    /** Reads a line written by {@link #line()}; other log lines give nothing. */
    public static Optional<TrainingProgress> parse(String line) {
        Matcher m = LINE.matcher(line);
        if (!m.find()) {
            return Optional.empty();
        }
        return Optional.of(new TrainingProgress(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4))));
    }

    /** The progress that the last progress line in a task log describes, if there is one. */
    public static Optional<TrainingProgress> latestIn(List<String> logLines) {
        return logLines.reversed().stream().map(TrainingProgress::parse).flatMap(Optional::stream).findFirst();
    }
}
