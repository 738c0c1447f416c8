package org.selfreg.workers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SweepTableTest {

    private final SweepTable table = new SweepTable(List.of(
            new SweepTable.Row("lambda=0", SweepTable.Row.COMPLETED, 0.71234, 12.5, 30, 5, "run-a"),
            new SweepTable.Row("lambda=-1", SweepTable.Row.FAILED, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                    null)));

    @Test
    void textShowsResultsAndMarksMissingValues() {
        String[] lines = table.toText().split("\n");
        assertEquals(3, lines.length);
        assertTrue(lines[1].matches("lambda=0\\s+COMPLETED\\s+0\\.7123\\s+12\\.50\\s+35\\.0"), lines[1]);
        assertTrue(lines[2].matches("lambda=-1\\s+FAILED\\s+-\\s+-\\s+-"), lines[2]);
    }

    @Test
    void markdownAndCsvHaveOneRowPerTrial() {
        assertEquals(4, table.toMarkdown().split("\n").length);
        assertEquals("lambda=0,COMPLETED,0.71234,12.5,30.0,5.0,run-a", table.toCsv().split("\n")[1]);
    }
}
