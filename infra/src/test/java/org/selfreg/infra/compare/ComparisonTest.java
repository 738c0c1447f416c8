package org.selfreg.infra.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.TreeMap;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.selfreg.tracking.ModelRegistry;

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
        assertEquals("lambda=0.015", comparison.best().orElseThrow().label());
    }

    /** Trials of a 2-D dataset (GlaS) logged IoU and no HD95: the report gives IoU beside Dice, per class too. */
    @Test
    void trialsScoredWithIouAreReportedWithIou(@TempDir Path dir) throws IOException {
        List<TrialRecord> glas = List.of(
                new TrialRecord("a", "ana", Map.of("lambda", "0", "seed", "1"), Map.of("mean_dice", 0.80,
                        "mean_iou", 0.70, "dice_gland", 0.80, "iou_gland", 0.70)),
                new TrialRecord("b", "ana", Map.of("lambda", "0", "seed", "2"), Map.of("mean_dice", 0.84,
                        "mean_iou", 0.74, "dice_gland", 0.84, "iou_gland", 0.74)));
        Comparison comparison = Comparison.of(glas);
        assertEquals(SecondMetric.IOU, comparison.secondMetric());
        assertEquals(0.72, comparison.groups().get(0).second().mean(), 1e-12);
        assertEquals(0.72, comparison.groups().get(0).organSecond().get("gland").mean(), 1e-12);
        assertEquals(SecondMetric.HD95, Comparison.of(trials).secondMetric());

        String text = Files.readString(ComparisonReport.write(comparison, List.of(), "glas", dir));
        assertTrue(text.contains("| mean Dice | mean IoU |") && text.contains("## IoU per class")
                && !text.contains("HD95"), text);
    }

    /**
     * A trial a scheduler stopped stays out of the groups and is listed apart; the best configuration is given with it
     * pooled in too.
     */
    @Test
    void stoppedTrialsAreListedApartAndTheBestIsGivenWithAndWithoutThem() {
        TrialRecord done = trial("0", "1", "ana", 0.62, 0.9);
        TrialRecord high = trial("0.015", "1", "ana", 0.80, 0.9);
        TrialRecord stopped = new TrialRecord(high.runId(), high.user(), high.params(), high.metrics(), 3,
                new TreeMap<>());
        Comparison comparison = Comparison.of(List.of(done, stopped));

        assertEquals(1, comparison.groups().size(), "the stopped trial is not in the groups");
        assertEquals("lambda=0", comparison.best().orElseThrow().label());
        assertEquals("lambda=0.015", comparison.bestWithStopped().orElseThrow().label());
        assertEquals(Map.of(stopped, "lambda=0.015"), comparison.stopped());
        String md = ComparisonReport.markdown(comparison, List.of(), "asha");
        assertTrue(md.contains("Best configuration: **lambda=0**") && md.contains("## Stopped early")
                && md.contains("| lambda=0.015 | 1 | 3 | 0.8000 | run-0.015-1 |")
                && md.contains("With the 1 trial(s) a scheduler stopped early pooled in: **lambda=0.015**"), md);
        assertFalse(ComparisonReport.markdown(Comparison.of(trials), List.of(), "grid").contains("Stopped"));
    }

    /** Trials trained to the end with validation curves get the table for choosing a scheduler's first rung. */
    @Test
    void validationCurvesOfTrialsTrainedToTheEndTellWhereASchedulerCanDecide() {
        List<TrialRecord> curved = List.of(withCurve(trials.get(0), 0.5, 0.6), withCurve(trials.get(1), 0.1, 0.7),
                withCurve(trials.get(2), 0.3, 0.4));
        String md = ComparisonReport.markdown(Comparison.of(curved), List.of(), "grid");
        assertTrue(md.contains("## When validation ranks the trials") && md.contains("| 1 | 3 | no | -0.50 |"), md);
        assertFalse(ComparisonReport.markdown(Comparison.of(trials), List.of(), "grid").contains("validation ranks"));
    }

    private static TrialRecord withCurve(TrialRecord trial, double first, double second) {
        return new TrialRecord(trial.runId(), trial.user(), trial.params(), trial.metrics(), 0,
                new TreeMap<>(Map.of(1, first, 2, second)));
    }

    @Test
    void foldsPoolWithSeedsAndGetTheirOwnTable() {
        List<TrialRecord> folded = List.of(
                withFold(trial("0", "1", "ana", 0.60, 0.9), "0"), withFold(trial("0", "2", "ana", 0.64, 0.9), "0"),
                withFold(trial("0", "1", "ana", 0.70, 0.9), "1"), withFold(trial("0.015", "1", "ana", 0.80, 0.9), "1"));
        Comparison comparison = Comparison.of(folded);
        assertEquals(2, comparison.groups().size());
        assertEquals(3, comparison.groups().get(0).dice().n(), "two seeds of fold 0 and one of fold 1");
        String md = ComparisonReport.markdown(comparison, List.of(), "folds");
        assertTrue(md.contains("## Per fold") && md.contains("| configuration | fold 0 | fold 1 | "), md);
        assertTrue(md.contains("| lambda=0 | 0.6200 ± 0.0283 | 0.7000") && md.contains("| lambda=0.015 | - | 0.8000"),
                md);
        assertTrue(!ComparisonReport.markdown(Comparison.of(trials), List.of(), "no folds").contains("Per fold"));
    }

    private static TrialRecord withFold(TrialRecord trial, String fold) {
        return new TrialRecord(trial.runId() + "-" + fold, trial.user(), with(trial.params(), "fold", fold),
                trial.metrics());
    }

    @Test
    void configurationsAreNamedByTheParamsThatDifferAndSpelledOutInTheReport(@TempDir Path dir) throws IOException {
        Map<String, String> shared = Map.of("epochs", "2", "baseWidth", "16", "pretrained", "", "seed", "1");
        List<TrialRecord> grid = List.of(demoTrial(shared, "0", "0"), demoTrial(shared, "0.015", "0"),
                demoTrial(shared, "0.015", "0.01"));
        List<String> labels = Comparison.of(grid).groups().stream().map(Comparison.Group::label).toList();
        assertEquals(List.of("lambdaIntra=0 lambdaInter=0", "lambdaIntra=0.015 lambdaInter=0",
                "lambdaIntra=0.015 lambdaInter=0.01"), labels);

        String text = Files.readString(ComparisonReport.write(Comparison.of(grid), List.of(), "test", dir));
        assertTrue(text.contains("| lambdaIntra=0.015 lambdaInter=0 | baseWidth=16, epochs=2, lambdaInter=0,"
                + " lambdaIntra=0.015, pretrained=(none) |"), text);
    }

    @Test
    void aParamThatDiffersBesideTheLambdasJoinsTheLabel() {
        Map<String, String> lambda = Map.of("lambdaIntra", "0.1", "lambdaInter", "0.1");
        List<TrialRecord> grid = List.of(new TrialRecord("a", "ana", with(lambda, "lr", "0.01"), Map.of()),
                new TrialRecord("b", "ana", with(lambda, "lr", "0.05"), Map.of()));
        assertEquals(List.of("lr=0.01", "lr=0.05"),
                Comparison.of(grid).groups().stream().map(Comparison.Group::label).toList());
        assertEquals("lambda=0.1", Comparison.of(grid.subList(0, 1)).groups().get(0).label());
    }

    @Test
    void chartTicksKeepTheDigitsTheirStepNeeds() {
        assertEquals(List.of("0.000", "0.025", "0.050", "0.075", "0.100"), DiceChart.tickLabels(0, 0.1, 4));
        assertEquals(List.of("0.60", "0.65", "0.70", "0.75", "0.80"), DiceChart.tickLabels(0.6, 0.8, 4));
        assertEquals(List.of("0.0", "0.5", "1.0"), DiceChart.tickLabels(0, 1, 2));
    }

    private static TrialRecord demoTrial(Map<String, String> shared, String intra, String inter) {
        Map<String, String> params = with(with(shared, "lambdaIntra", intra), "lambdaInter", inter);
        return new TrialRecord("run-" + intra + "-" + inter, "ana", params, Map.of("mean_dice", 0.7));
    }

    private static Map<String, String> with(Map<String, String> params, String key, String value) {
        Map<String, String> more = new HashMap<>(params);
        more.put(key, value);
        return more;
    }

    @Test
    void reportHasTablesUsersAndAChart(@TempDir Path dir) throws IOException {
        Path markdown = ComparisonReport.write(Comparison.of(trials), List.of(), "test", dir);
        String text = Files.readString(markdown);
        assertTrue(text.contains("| lambda=0 | 2 | 0.6200 ± 0.0283 |"), text);
        assertTrue(text.contains("| lambda=0 | epochs=2, lambdaInter=0, lambdaIntra=0 |"), text);
        assertTrue(text.contains("ana, ben"), text);
        assertTrue(text.contains("## Dice per class"), text);
        BufferedImage chart = ImageIO.read(dir.resolve("dice_vs_lambda.png").toFile());
        assertEquals(720, chart.getWidth());
        assertTrue(Files.readString(dir.resolve("comparison.html")).contains("<table>"));
    }

    @Test
    void theReportSaysWhichTrialEachRegisteredVersionCameFrom(@TempDir Path dir) throws IOException {
        ModelRegistry.Version champion = new ModelRegistry.Version("synapse", "2", "run-0.015-2",
                URI.create("s3://selfreg/mlflow/1/run-0.015-2/artifacts/model"), Map.of(), List.of("champion"));
        ModelRegistry.Version first = new ModelRegistry.Version("synapse", "1", "run-0-1",
                URI.create("s3://selfreg/mlflow/1/run-0-1/artifacts/model"), Map.of(), List.of());
        String text = Files.readString(ComparisonReport.write(Comparison.of(trials), List.of(champion, first),
                "test", dir));
        assertTrue(text.contains("## Registered models"), text);
        assertTrue(text.indexOf("| models:/synapse/1 |  | lambda=0 | 1 | run-0-1 |")
                < text.indexOf("| models:/synapse/2 | champion | lambda=0.015 | 2 | run-0.015-2 |"), text);
        assertTrue(text.contains("| models:/synapse/1 |"), "listed at all, not only before version 2: " + text);
        assertFalse(Files.readString(ComparisonReport.write(Comparison.of(trials), List.of(), "test", dir))
                .contains("Registered models"));
    }
}
