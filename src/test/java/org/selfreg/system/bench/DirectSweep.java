package org.selfreg.system.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.selfreg.dataprep.InputLayout;
import org.selfreg.dataprep.PreparedDataset;
import org.selfreg.dataprep.Preprocessor;
import org.selfreg.dataprep.ProgressListener;
import org.selfreg.dataprep.synthetic.SyntheticCtGenerator;
import org.selfreg.eval.EvaluationOptions;
import org.selfreg.eval.Evaluator;
import org.selfreg.eval.ModelSelection;
import org.selfreg.model.SegmentationTrainer;
import org.selfreg.model.TrainConfig;
import org.selfreg.model.TrainedModel;
import org.selfreg.model.TrainingListener;
import org.selfreg.model.TrainingResult;
import org.selfreg.workers.DatasetRequest;
import org.selfreg.workers.TaskInput;
import org.selfreg.workers.TrialPlan;

/**
 * A sweep run directly in this process through the library APIs, with no Conductor, MLflow or S3: the synthetic data
 * generated and preprocessed, then each trial trained and evaluated in turn, as the workers would. Its wall time is the
 * baseline that orchestration overhead is measured against.
 *
 * @param preparedDigest the digest of the dataset prepared here; it must equal the orchestrated sweep's
 * @param meanDice       per trial, in grid order
 * @param eachTrialSeconds training and evaluation wall time per trial, in grid order
 */
record DirectSweep(double prepareSeconds, String preparedDigest, List<Double> meanDice,
                   List<Double> eachTrialSeconds) {

    double trialSeconds() {
        return eachTrialSeconds.stream().mapToDouble(Double::doubleValue).sum();
    }

    double wallSeconds() {
        return prepareSeconds + trialSeconds();
    }

    /**
     * Runs every trial of {@code grid} on the synthetic dataset {@code dataset} (the keys DatasetRequest reads),
     * sharing {@code trial}'s hyperparameters.
     */
    static DirectSweep run(Path workDir, Map<String, Object> dataset, Map<String, Object> grid,
                           Map<String, Object> trial) {
        long start = System.nanoTime();
        PreparedDataset prepared = prepare(workDir, DatasetRequest.of(TaskInput.of("dataset", dataset)));
        double prepareSeconds = secondsSince(start);

        List<Double> meanDice = new ArrayList<>();
        List<Double> eachTrialSeconds = new ArrayList<>();
        List<TrialPlan.Trial> trials = TrialPlan.of(TaskInput.of("grid", grid), TaskInput.of("search", Map.of()),
                TaskInput.of("trial", trial), TaskInput.of("evaluation", Map.of())).trials();
        for (int i = 0; i < trials.size(); i++) {
            long trialStart = System.nanoTime();
            meanDice.add(trainAndEvaluate(prepared, trials.get(i).train(), workDir.resolve("trial-" + i)));
            eachTrialSeconds.add(secondsSince(trialStart));
        }
        return new DirectSweep(prepareSeconds, prepared.digest(), meanDice, eachTrialSeconds);
    }

    /** The worker's preprocessing of a synthetic dataset input, without S3. */
    private static PreparedDataset prepare(Path workDir, DatasetRequest dataset) {
        Path raw = workDir.resolve("raw");
        SyntheticCtGenerator.generate(raw, dataset.syntheticSpec());
        return new Preprocessor().prepare(raw, InputLayout.BTCV, workDir.resolve("prepared"),
                dataset.config(InputLayout.BTCV), ProgressListener.NONE);
    }

    private static double trainAndEvaluate(PreparedDataset dataset, TrainConfig trial, Path trialDir) {
        TrainingResult trained = new SegmentationTrainer().train(dataset.dir(), dataset.trainSlices(),
                dataset.valCases(), trial, trialDir.resolve("checkpoints"),
                new TrainingListener() { });
        try (TrainedModel model = TrainedModel.load(trained.bestCheckpoint())) {
            return new Evaluator().evaluate(dataset.dir(), dataset.description(), dataset.testCases(), model,
                    ModelSelection.onValidation(List.of(ModelSelection.BEST)), EvaluationOptions.defaults(),
                    trialDir.resolve("evaluation")).meanDice();
        }
    }

    private static double secondsSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
