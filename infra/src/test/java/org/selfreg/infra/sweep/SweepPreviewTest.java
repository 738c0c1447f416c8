package org.selfreg.infra.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SweepPreviewTest {

    /** A dry run of a search lists the drawn points, each with its grid points, before anything is prepared. */
    @Test
    void aDryRunListsTheSampledPoints() {
        SweepRequest request = SweepFile.read(Path.of("../sweeps/search.yaml"), List.of("search.trials=3"));
        SweepPreview preview = SweepPreview.of(request, Optional.empty(), Optional.empty(), "code");
        assertEquals(6, preview.rows().size());
        assertEquals("baseLr=0.01596 lambdaInter=0.04268 lambdaIntra=0.005727 seed=1",
                preview.rows().get(0).label());
        assertEquals(0.04268, preview.rows().get(1).config().get("lambdaInter"));

        ByteArrayOutputStream text = new ByteArrayOutputStream();
        preview.print(new PrintStream(text, true, StandardCharsets.UTF_8), "no MLflow");
        String printed = text.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("Search: sobol, 3 points from seed 7 over baseLr range [0.005, 0.02],"
                + " lambdaInter log [0.001, 0.15], lambdaIntra log [0.001, 0.15]"), printed);
        assertTrue(printed.contains("baseLr=0.01596 lambdaInter=0.04268 lambdaIntra=0.005727 seed=2"), printed);
        assertTrue(printed.contains("Scheduler: none (every trial to its last epoch)"), printed);
    }

    @Test
    void aDryRunSaysWhereTheSchedulerDecides() {
        SweepRequest request = SweepFile.read(Path.of("../sweeps/asha.yaml"), List.of("search.trials=2"));
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        SweepPreview.of(request, Optional.empty(), Optional.empty(), "code")
                .print(new PrintStream(text, true, StandardCharsets.UTF_8), "no MLflow");
        String printed = text.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("Scheduler: asha (rungs at epochs 3, 9; the best 1/3 go on)"), printed);
    }
}
