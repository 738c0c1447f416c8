package org.selfreg.workers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SweepTableTest {

    private final SweepTable table = new SweepTable(List.of(
            new SweepTable.Row("lambda=0", SweepTable.Row.COMPLETED, 0.71234, 12.5, 30, 5, "run-a", 9),
            new SweepTable.Row("lambda=-1", SweepTable.Row.FAILED, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                    null, 0)));

    @Test
    void textShowsResultsAndMarksMissingValues() {
        String[] lines = table.toText().split("\n");
        assertEquals(4, lines.length);
        assertTrue(lines[1].matches("lambda=0\\s+COMPLETED\\s+9\\s+0\\.7123\\s+12\\.50\\s+35\\.0"), lines[1]);
        assertTrue(lines[2].matches("lambda=-1\\s+FAILED\\s+-\\s+-\\s+-\\s+-"), lines[2]);
        assertEquals("Best trial: lambda=0 (mean Dice 0.7123)", lines[3]);
    }

    @Test
    void markdownAndCsvHaveOneRowPerTrial() {
        assertEquals(4, table.toMarkdown().split("\n\n")[0].split("\n").length);
        assertEquals("lambda=0,COMPLETED,9,0.71234,12.5,30.0,5.0,run-a", table.toCsv().split("\n")[1]);
    }

    /** A stopped trial is never the best trial, but is named beside it when it scored higher. */
    @Test
    void namesTheBestWithAndWithoutStoppedTrials() {
        SweepTable withStopped = new SweepTable(List.of(table.rows().get(0),
                new SweepTable.Row("lambda=0.1", SweepTable.Row.STOPPED, 0.75, 10, 3, 5, "run-b", 3)));
        assertEquals("lambda=0", withStopped.best().orElseThrow().trial());
        assertEquals("lambda=0.1", withStopped.bestWithStopped().orElseThrow().trial());
        assertTrue(withStopped.toText().contains("Best with stopped trials: lambda=0.1 (mean Dice 0.7500 after 3"
                + " epochs"), withStopped.toText());
        SweepTable onlyFailed = new SweepTable(List.of(table.rows().get(1)));
        assertTrue(onlyFailed.best().isEmpty());
        assertEquals(2, onlyFailed.toText().split("\n").length, "no best line without results");
    }
}
