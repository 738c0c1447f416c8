package org.selfreg.infra.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComparisonTest {

    private static TrialRecord trial(String lambda, String seed, String user, double dice, double liver) {
        return new TrialRecord("run-" + lambda + "-" + seed, user,
                Map.of("lambdaIntra", lambda, "lambdaInter", lambda, "seed", seed, "epochs", "2"),
                Map.of("mean_dice", dice, "mean_hd95", 10 * dice, "dice_liver", liver, "hd95_liver", 3.0));
    }

    private final List<TrialRecord> trials = List.of(
            trial("0", "1", "ana", 0.60, 0.9), trial("0", "2", "ben", 0.64, 0.8),
            trial("0.015", "1", "ana", 0.70, 0.9), trial("0.015", "2", "ana", 0.74, 0.7));

    @Test
    void seedsOfOneConfigurationPoolIntoMeanAndStd() {
        Comparison comparison = Comparison.of(trials);
        assertEquals(2, comparison.groups().size());
        Comparison.Group first = comparison.groups().get(0);
        assertEquals(0.62, first.dice().mean(), 1e-12);
        assertEquals(Math.sqrt(0.0008), first.dice().std(), 1e-12);
        assertEquals(2, first.dice().n());
        assertEquals(0.85, first.organDice().get("liver").mean(), 1e-12);
        assertEquals("lambda=0.015 epochs=2", comparison.best().orElseThrow().displayLabel());
    }

    @Test
    void reportHasTablesUsersAndAChart(@TempDir Path dir) throws IOException {
        Path markdown = ComparisonReport.write(Comparison.of(trials), "test", dir);
        String text = Files.readString(markdown);
        assertTrue(text.contains("| lambda=0 epochs=2 | 2 | 0.6200 ± 0.0283 |"), text);
        assertTrue(text.contains("ana, ben"), text);
        assertTrue(text.contains("## Dice per organ"), text);
        BufferedImage chart = ImageIO.read(dir.resolve("dice_vs_lambda.png").toFile());
        assertEquals(720, chart.getWidth());
        assertTrue(Files.readString(dir.resolve("comparison.html")).contains("<table>"));
    }
}
