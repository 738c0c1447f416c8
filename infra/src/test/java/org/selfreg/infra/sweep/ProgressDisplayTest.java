package org.selfreg.infra.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.selfreg.infra.sweep.SweepSnapshot.Phase;

class ProgressDisplayTest {

    private final FakeTerminal terminal = new FakeTerminal();
    private PrintStream realErr;

    @BeforeEach
    void logsGoToTheFakeTerminal() {
        realErr = System.err;
        System.setErr(terminal.err);
    }

    @AfterEach
    void restoreStandardError() {
        System.setErr(realErr);
    }

    private static SweepSnapshot snapshot(String stage, double fraction) {
        return new SweepSnapshot("RUNNING", stage, List.of(
                new SweepSnapshot.Trial("lambda=0", Phase.TRAINING, fraction, "epoch " + fraction),
                new SweepSnapshot.Trial("lambda=0.01", Phase.QUEUED, 0, "waiting for a training worker")));
    }

    @Test
    void logLinesStayAboveTheBarsAndNoStaleBarRemains() {
        try (ProgressDisplay display = ProgressDisplay.onTerminal(terminal.out, 120)) {
            display.accept(snapshot("training", 0.25));
            System.err.println("INFO TrainWorker - lambda=0 epoch 1/4 loss 0.91");
            display.accept(snapshot("training", 0.5));
            System.err.print("WARN OutageTolerantCalls - MLflow");
            System.err.println(" unreachable");
            System.err.println("INFO TrainWorker - lambda=0 epoch 2/4 loss 0.52");
            display.accept(snapshot("training", 0.75));
        }

        List<String> screen = terminal.screen();
        assertEquals(List.of("INFO TrainWorker - lambda=0 epoch 1/4 loss 0.91",
                "WARN OutageTolerantCalls - MLflow unreachable",
                "INFO TrainWorker - lambda=0 epoch 2/4 loss 0.52",
                "sweep: training"), screen.subList(0, 4), terminal.raw());
        assertEquals(6, screen.size(), String.join("\n", screen));
        assertTrue(screen.get(4).contains("[##################------]  75%  epoch 0.75"), screen.get(4));
        assertTrue(screen.get(5).contains("queued"), screen.get(5));
    }

    @Test
    void closingGivesStandardErrorBackAndLeavesTheLastBlock() {
        try (ProgressDisplay display = ProgressDisplay.onTerminal(terminal.out, 120)) {
            display.accept(snapshot("summarizing", 1));
            System.err.print("a last line without a line break");
        }
        assertSame(terminal.err, System.err);
        System.err.println("after the sweep");
        assertEquals(List.of("a last line without a line break", "sweep: summarizing"),
                terminal.screen().subList(0, 2));
        assertEquals("after the sweep", terminal.screen().get(terminal.screen().size() - 1));
    }

    @Test
    void barsAreCutToTheTerminalWidthSoThatNoneWrapsIntoARowTheRedrawMisses() {
        try (ProgressDisplay display = ProgressDisplay.onTerminal(terminal.out, 40)) {
            display.accept(snapshot("training", 0.25));
            display.accept(snapshot("training", 0.5));
        }
        List<String> screen = terminal.screen();
        assertEquals(3, screen.size(), String.join("\n", screen));
        screen.forEach(row -> assertTrue(row.length() < 40, row));
    }

    @Test
    void withoutATerminalEachPhaseChangeIsOnePlainLineAndTheLogIsLeftAlone() {
        try (ProgressDisplay display = ProgressDisplay.lineByLine(terminal.out)) {
            display.accept(snapshot("training", 0.25));
            display.accept(snapshot("training", 0.5));
            assertSame(terminal.err, System.err);
        }
        assertFalse(terminal.raw().contains("\u001b"), terminal.raw());
        assertEquals(List.of("sweep: training", "  lambda=0       training", "  lambda=0.01    queued"),
                terminal.screen());
    }

    @Test
    void linesAreHandedOnWholeWithoutTheirLineBreaks() {
        List<String> lines = new ArrayList<>();
        try (PrintStream stream = new PrintStream(new LineOutputStream(lines::add,
                java.nio.charset.StandardCharsets.UTF_8), true, java.nio.charset.StandardCharsets.UTF_8)) {
            stream.print("Dice ± std\r\nsecond ");
            stream.print("line\nunfinished");
        }
        assertEquals(List.of("Dice ± std", "second line", "unfinished"), lines);
    }

    @Test
    void theTerminalWidthComesFromColumns() {
        assertEquals(132, Terminal.columns(Map.of("COLUMNS", "132")));
        assertEquals(Terminal.DEFAULT_COLUMNS, Terminal.columns(Map.of("COLUMNS", "wide")));
        assertEquals(Terminal.DEFAULT_COLUMNS, Terminal.columns(Map.of()));
    }

    @Test
    void testsRunWithoutATerminalAndADumbTerminalGetsPlainLines() {
        assertFalse(Terminal.isInteractive(Map.of()));
        assertFalse(Terminal.isInteractive(Map.of("TERM", "dumb")));
    }
}
