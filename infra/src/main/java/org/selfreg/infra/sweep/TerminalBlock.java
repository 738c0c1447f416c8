package org.selfreg.infra.sweep;

import java.io.PrintStream;
import java.util.List;

/**
 * A block of lines kept at the bottom of a terminal: redrawn in place, with other output printed above it.
 *
 * <p>Redrawing moves the cursor up over the lines drawn last time and clears to the end of the screen. That is only
 * right when nothing else was printed since, and when no line wrapped into two rows: so every other line goes through
 * {@link #printAbove}, and lines are cut to the terminal's width.
 */
final class TerminalBlock {

    private final PrintStream screen;
    private final int columns;
    private List<String> lines = List.of();
    private int rowsOnScreen;

    /**
     * @param screen  the stream the terminal shows (standard output)
     * @param columns the terminal's width
     */
    TerminalBlock(PrintStream screen, int columns) {
        this.screen = screen;
        this.columns = columns;
    }

    /** Replaces the block on screen by {@code next}. */
    synchronized void show(List<String> next) {
        erase();
        lines = next.stream().map(this::fit).toList();
        draw();
    }

    /** Prints {@code line} to {@code stream} (which shows on the same terminal) where the block was, then the block. */
    synchronized void printAbove(String line, PrintStream stream) {
        erase();
        stream.println(line);
        stream.flush();
        draw();
    }

    private void erase() {
        if (rowsOnScreen > 0) {
            // Carriage return, up to the block's first row, clear from there to the end of the screen.
            screen.print("\r\u001b[" + rowsOnScreen + "A\u001b[J");
            screen.flush();
            rowsOnScreen = 0;
        }
    }

    private void draw() {
        lines.forEach(screen::println);
        screen.flush();
        rowsOnScreen = lines.size();
    }

    /** Cut to one column less than the width: a full-width line leaves some terminals' cursors on the next row. */
    private String fit(String line) {
        return line.length() < columns ? line : line.substring(0, Math.max(0, columns - 1));
    }
}
