package org.selfreg.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.netflix.conductor.client.http.ConductorClient;
import com.netflix.conductor.client.http.WorkflowClient;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.mlflow.api.proto.Service.Run;
import org.mlflow.api.proto.Service.RunInfo;
import org.mlflow.api.proto.Service.RunStatus;
import org.selfreg.dataprep.DatasetDescription;
import org.selfreg.dataprep.ReferencePython;
import org.selfreg.infra.sweep.SweepOutcome;
import org.selfreg.infra.sweep.SweepRequest;
import org.selfreg.storage.ObjectStore;
import org.selfreg.tracking.MlflowTracker;

/**
 * A real abdominal CT through the public path of the pipeline on the real local stack (Conductor, S3Proxy, MLflow):
 * the {@code nifti} input layout with a label map, preparation, a few training iterations, evaluation and NIfTI export,
 * checked as a user would check them, with nibabel reading the exported prediction back against the source CT.
 *
 * <p>The data is {@link TotalSegmentatorExample}: its labels are the output of TotalSegmentator's model, not manual
 * annotation. This is a test on real anatomy and real scanner geometry (3 mm voxels, a translated RAS affine, int32
 * HU), not a benchmark: the Dice it prints measures a width-4 network after a few dozen iterations.
 *
 * <p>One CT has to give a training case and a test case: the seeded split needs more cases than it holds out, and only
 * the test split is evaluated. Cutting the CT in two would give neither the source geometry to compare the export with
 * nor every organ in the test case, so the same CT and labels are given twice under two names: one trains, the other is
 * the test case, with no validation case (the last checkpoint is evaluated). The test case is thus training data,
 * and its scores say how well the network fits the CT it saw, nothing about generalisation; they are asserted to be in
 * range only.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TotalSegmentatorSystemTest {

    private static final String EXPERIMENT = "selfreg-totalsegmentator";
    private static final List<String> CASES = List.of("example_ct_a", "example_ct_b");
    /** The Synapse organs as the MLflow metric keys name them, in class order 1..8. */
    private static final List<String> ORGANS = List.of("spleen", "right_kidney", "left_kidney", "gallbladder", "liver",
            "stomach", "aorta", "pancreas");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Reads the exported files back with nibabel; prints what a user would look at, as JSON. */
    private static final String READ_BACK = """
            import json, sys
            import nibabel as nib
            import numpy as np
            ct, segmentation, prediction, truth = (nib.load(path) for path in sys.argv[1:5])
            remap = np.zeros(256, np.uint8)
            for raw, organ in json.loads(sys.argv[5]).items():
                remap[int(raw)] = organ
            predicted = np.asanyarray(prediction.dataobj)
            print(json.dumps({
                "sourceShape": list(ct.shape),
                "predictionShape": list(predicted.shape),
                "affineDifference": float(np.abs(prediction.affine - ct.affine).max()),
                "predictionLabels": np.unique(predicted).tolist(),
                "truthIsRemappedSegmentation": bool(np.array_equal(np.asanyarray(truth.dataobj),
                                                                   remap[np.asanyarray(segmentation.dataobj)])),
            }))
            """;

    private Path dir;
    private TotalSegmentatorExample example;
    private InProcessStack stack;
    private ConductorClient conductor;

    @BeforeAll
    void fetchDataAndStartStack() throws IOException, InterruptedException {
        // First, so that a failed download fails the test before the servers start.
        example = TotalSegmentatorExample.fetch();
        dir = Files.createTempDirectory(Files.createDirectories(Path.of("target", "system-test")), "totalseg-")
                .toAbsolutePath();
        for (String name : CASES) {
            Files.copy(example.ct(), Files.createDirectories(dir.resolve("raw/images")).resolve(name + ".nii.gz"));
            Files.copy(example.segmentation(),
                    Files.createDirectories(dir.resolve("raw/labels")).resolve(name + ".nii.gz"));
        }
        stack = InProcessStack.start(Files.createDirectory(dir.resolve("stack")),
                Files.createDirectory(dir.resolve("worker")));
        conductor = stack.conductor();
    }

    @AfterAll
    void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void realCtIsPreparedTrainedEvaluatedAndExportedOnItsOwnGrid() throws Exception {
        SweepOutcome outcome = new TinySweeps(conductor).run(request());
        assertTrue(outcome.completed(), () -> "sweep ended " + outcome.status() + ": " + outcome.failures());

        try (MlflowTracker mlflow = new MlflowTracker(stack.endpoints().mlflow());
             ObjectStore s3 = ObjectStore.open(stack.endpoints().s3())) {
            String parentRunId = (String) new WorkflowClient(conductor).getWorkflow(outcome.workflowId(), false)
                    .getOutput().get("parentRunId");
            Run parent = mlflow.run(parentRunId);
            List<RunInfo> children = mlflow.childRuns(parent.getInfo().getExperimentId(), parentRunId);
            assertEquals(1, children.size(), "one trial, one child run");
            Run trial = mlflow.run(children.getFirst().getRunId());
            assertEquals(RunStatus.FINISHED, trial.getInfo().getStatus());

            Map<String, Double> metrics = mlflow.latestMetrics(trial.getInfo().getRunId());
            Map<String, Double> dice = new LinkedHashMap<>();
            for (String organ : ORGANS) {
                Double value = metrics.get("dice_" + organ);
                assertTrue(value != null && value >= 0 && value <= 1, () -> organ + " Dice in " + metrics);
                assertEquals(0.0, metrics.get("absent_" + organ), () -> organ + " is in the test case's labels");
                dice.put(organ, value);
            }
            assertTrue(metrics.keySet().stream().noneMatch(k -> k.contains("class_")),
                    () -> "every class named by its organ: " + metrics.keySet());
            System.out.printf("TotalSegmentator example CT, Dice by organ: %s, mean %s%n", dice,
                    metrics.get("mean_dice"));

            String predictions = ObjectStore.keyOf(URI.create(trial.getInfo().getArtifactUri()), s3.settings())
                    + "/evaluation/predictions/";
            List<String> predicted = s3.list(predictions).stream().filter(k -> k.endsWith("_pred.nii.gz")).toList();
            assertEquals(1, predicted.size(), () -> "one test case's prediction in " + s3.list(predictions));
            String testCase = predicted.getFirst().substring(predictions.length(),
                    predicted.getFirst().length() - "_pred.nii.gz".length());
            assertTrue(CASES.contains(testCase), testCase);
            Path export = dir.resolve("export");
            Path prediction = s3.getFile(predicted.getFirst(), export.resolve(testCase + "_pred.nii.gz"));
            Path truth = s3.getFile(predictions + testCase + "_gt.nii.gz", export.resolve(testCase + "_gt.nii.gz"));

            JsonNode readBack = JSON.readTree(ReferencePython.run(READ_BACK, example.ct().toString(),
                    example.segmentation().toString(), prediction.toString(), truth.toString(),
                    JSON.writeValueAsString(TotalSegmentatorExample.labelMap())));
            assertEquals(List.of(122, 101, 112), ints(readBack.get("sourceShape")));
            assertEquals(ints(readBack.get("sourceShape")), ints(readBack.get("predictionShape")), "prediction shape");
            assertEquals(0.0, readBack.get("affineDifference").asDouble(), 1e-6, "prediction affine vs the CT's");
            assertTrue(ints(readBack.get("predictionLabels")).stream().allMatch(l -> l >= 0 && l <= ORGANS.size()),
                    () -> "labels outside 0.." + ORGANS.size() + ": " + readBack.get("predictionLabels"));
            assertTrue(readBack.get("truthIsRemappedSegmentation").asBoolean(),
                    "the exported ground truth is TotalSegmentator's segmentation through the label map, voxelwise");
        }
    }

    /** One trial of a tiny network (width 4, 64×64 slices, 2 epochs of 14 iterations) on the two-case dataset. */
    private SweepRequest request() {
        // The label map keeps the 8 Synapse organs of TotalSegmentator's 117 classes: the names say which they are.
        Map<String, Object> dataset = Map.of("source", "raw", "path", dir.resolve("raw").toString(), "layout", "nifti",
                "labelMap", TotalSegmentatorExample.labelMap(), "valCases", 0, "testCases", 1,
                "name", "totalsegmentator-example", "classNames", DatasetDescription.SYNAPSE_CLASSES);
        Map<String, Object> trial = Map.of("epochs", 2, "baseWidth", 4, "imageSize", 64, "batchSize", 8,
                "baseLr", 0.01, "seed", 7);
        return new SweepRequest(EXPERIMENT, "totalsegmentator-example", dataset, SweepRequest.lambdaGrid(List.of(0.05)),
                trial, Map.of());
    }

    private static List<Integer> ints(JsonNode array) {
        List<Integer> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asInt()));
        return values;
    }
}
