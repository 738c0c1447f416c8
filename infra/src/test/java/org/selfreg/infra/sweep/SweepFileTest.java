package org.selfreg.infra.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.selfreg.dataprep.InvalidInputException;

class SweepFileTest {

    @TempDir
    Path dir;

    @Test
    void readsTheBundledExampleWithOverrides() {
        SweepRequest request = SweepFile.read(Path.of("../sweeps/demo.yaml"),
                List.of("trial.epochs=5", "grid.seed=[1,2]", "name=override"));
        assertEquals("selfreg-sweeps", request.experiment());
        assertEquals("override", request.sweepName());
        assertEquals(5, request.trial().get("epochs"));
        assertEquals(List.of(1, 2), request.grid().get("seed"));
        assertEquals(List.of(0, 0.015), request.grid().get("lambdaIntra"));
        assertEquals("synthetic", request.dataset().get("source"));
    }

    @Test
    void jsonIsAcceptedAndTheNameDefaultsToTheFileName() throws IOException {
        Path file = Files.writeString(dir.resolve("my-sweep.json"),
                "{\"dataset\": {\"source\": \"synthetic\"}, \"grid\": {\"lambda\": [0.1]}}");
        SweepRequest request = SweepFile.read(file, List.of());
        assertEquals("my-sweep", request.sweepName());
        assertEquals(Map.of("lambda", List.of(0.1)), request.grid());
    }

    @Test
    void theRegisteredModelDefaultsToTheExperimentAndMustBeSpellableInAModelsUri() throws IOException {
        assertEquals("selfreg-sweeps", SweepFile.read(Path.of("../sweeps/demo.yaml"), List.of()).registeredModel());
        SweepRequest named = SweepFile.read(Path.of("../sweeps/demo.yaml"), List.of("registeredModel=synapse-unet"));
        assertEquals("synapse-unet", named.registeredModel());
        assertEquals("synapse-unet", named.workflowInput().get("registeredModel"));

        InvalidInputException e = assertThrows(InvalidInputException.class, () -> SweepFile.read(
                Path.of("../sweeps/demo.yaml"), List.of("registeredModel=team/unet")));
        assertTrue(e.getMessage().contains("'team/unet'") && e.getMessage().contains("'/' or '@'"), e.getMessage());
        e = assertThrows(InvalidInputException.class, () -> SweepFile.read(Path.of("../sweeps/demo.yaml"),
                List.of("experiment=a@b")));
        assertTrue(e.getMessage().contains("experiment's name"), e.getMessage());
        e = assertThrows(InvalidInputException.class, () -> SweepFile.read(Path.of("../sweeps/demo.yaml"),
                List.of("registeredModel=[1]")));
        assertTrue(e.getMessage().contains("'registeredModel' must be a non-empty string"), e.getMessage());
    }

    @Test
    void mistakesNameTheFileAndTheKey() throws IOException {
        Path typo = Files.writeString(dir.resolve("typo.yaml"), "dataset: {source: synthetic}\ngird: {lambda: [1]}\n");
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> SweepFile.read(typo, List.of()));
        assertTrue(e.getMessage().contains("typo.yaml") && e.getMessage().contains("'gird'"), e.getMessage());

        Path noGrid = Files.writeString(dir.resolve("nogrid.yaml"), "dataset: {source: synthetic}\n");
        e = assertThrows(InvalidInputException.class, () -> SweepFile.read(noGrid, List.of()));
        assertTrue(e.getMessage().contains("'grid'"), e.getMessage());

        e = assertThrows(InvalidInputException.class, () -> SweepFile.read(noGrid, List.of("grid.lambda")));
        assertTrue(e.getMessage().contains("must look like"), e.getMessage());
    }

    /** A misspelt key in any section is an error naming the key, the section, the file and the key it resembles. */
    @ParameterizedTest
    @CsvSource({
        "trial.epoch=3, epochs",
        "trial.basewidth=8, baseWidth",
        "evaluation.metricmode=paper, metricMode",
        "dataset.valcases=1, valCases",
        "grid.sed=[1], seed",
        "experimnt=x, experiment",
        "registeredModl=x, registeredModel"})
    void aTypoInAnySectionNamesTheKeyAndTheClosestKnownOne(String override, String closest) {
        String key = override.substring(override.lastIndexOf('.') + 1, override.indexOf('='));
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> SweepFile.read(Path.of("../sweeps/demo.yaml"), List.of(override)));
        assertTrue(e.getMessage().contains("'" + key + "'") && e.getMessage().contains("did you mean '" + closest
                + "'") && e.getMessage().contains("demo.yaml") && e.getMessage().contains("--set " + override),
                e.getMessage());
    }

    @Test
    void aTypoInTheFileItselfIsNotBlamedOnAnOverride() throws IOException {
        Path file = Files.writeString(dir.resolve("typo.yaml"),
                "dataset: {source: synthetic}\ngrid: {lambda: [0]}\ntrial: {epoch: 3}\n");
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> SweepFile.read(file, List.of("trial.batchSize=4")));
        assertTrue(e.getMessage().contains("section 'trial' of " + file) && !e.getMessage().contains("--set trial"),
                e.getMessage());
    }

    /** Values are checked as the trainer checks them, per trial, before anything starts. */
    @Test
    void anImpossibleValueNamesTheTrialItBreaks() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> SweepFile.read(Path.of("../sweeps/demo.yaml"), List.of("grid.imageSize=[64,60]")));
        assertTrue(e.getMessage().contains("imageSize=60") && e.getMessage().contains("imageSize"), e.getMessage());

        e = assertThrows(InvalidInputException.class,
                () -> SweepFile.read(Path.of("../sweeps/demo.yaml"), List.of("evaluation.selection=best-on-test")));
        assertTrue(e.getMessage().contains("best-on-test"), e.getMessage());

        e = assertThrows(InvalidInputException.class,
                () -> SweepFile.read(Path.of("../sweeps/demo.yaml"), List.of("dataset.cases=5")));
        assertTrue(e.getMessage().contains("'cases'") && e.getMessage().contains("no training case"), e.getMessage());
    }

    @Test
    void aSearchIsReadWithItsOverridesAndCheckedLikeTheRest() {
        SweepRequest request = SweepFile.read(Path.of("../sweeps/search.yaml"),
                List.of("search.trials=4", "search.method=random", "search.space.baseLr={log: [0.001, 0.1]}"));
        assertEquals(4, request.search().get("trials"));
        assertEquals("random", request.search().get("method"));
        assertEquals(request.search(), request.workflowInput().get("search"));

        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> SweepFile.read(Path.of("../sweeps/search.yaml"), List.of("search.space.baseLr={lgo: [1, 2]}")));
        assertTrue(e.getMessage().contains("'lgo' in the section 'search' of ../sweeps/search.yaml.space.baseLr")
                && e.getMessage().contains("did you mean 'log'"),
                e.getMessage());
        e = assertThrows(InvalidInputException.class,
                () -> SweepFile.read(Path.of("../sweeps/search.yaml"), List.of("grid.lambdaInter=[0.1]")));
        assertTrue(e.getMessage().contains("'lambdaInter'") && e.getMessage().contains("also varied by the search"),
                e.getMessage());
    }

    @Test
    void aSchedulerIsReadByNameOrAsASectionAndCheckedLikeTheRest() {
        SweepRequest asha = SweepFile.read(Path.of("../sweeps/asha.yaml"), List.of("scheduler.minEpochs=2"));
        assertEquals(Map.of("type", "asha", "minEpochs", 2, "reduction", 3), asha.scheduler());
        assertEquals(asha.scheduler(), asha.workflowInput().get("scheduler"));
        SweepRequest byName = SweepFile.read(Path.of("../sweeps/search.yaml"), List.of("scheduler=median"));
        assertEquals(Map.of("type", "median"), byName.scheduler());
        assertEquals(Map.of(), SweepFile.read(Path.of("../sweeps/search.yaml"), List.of()).scheduler());

        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> SweepFile.read(Path.of("../sweeps/asha.yaml"), List.of("scheduler.reductoin=2")));
        assertTrue(e.getMessage().contains("'reductoin'") && e.getMessage().contains("did you mean 'reduction'")
                && e.getMessage().contains("--set scheduler.reductoin=2"), e.getMessage());
        e = assertThrows(InvalidInputException.class,
                () -> SweepFile.read(Path.of("../sweeps/asha.yaml"), List.of("scheduler.type=hyperband")));
        assertTrue(e.getMessage().contains("asha, median or none"), e.getMessage());
    }

    @Test
    void theBundledSweepsAreValid() {
        SweepFile.read(Path.of("../sweeps/asha.yaml"), List.of());
        SweepFile.read(Path.of("../sweeps/demo.yaml"), List.of());
        SweepFile.read(Path.of("../sweeps/search.yaml"), List.of());
        SweepFile.read(Path.of("../sweeps/swin.yaml"), List.of());
        SweepRequest acdc = SweepFile.read(Path.of("../sweeps/acdc.yaml"), List.of("dataset.path=/data/acdc"));
        assertEquals("/data/acdc", acdc.dataset().get("path"));
        assertEquals("unet-acdc", acdc.trial().get("preset"));
    }
}
