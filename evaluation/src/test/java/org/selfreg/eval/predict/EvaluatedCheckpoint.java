package org.selfreg.eval.predict;

import java.nio.file.Path;
import java.util.List;
import org.selfreg.dataprep.DatasetManifest;
import org.selfreg.dataprep.PreparedDataset;
import org.selfreg.eval.EvaluationOptions;
import org.selfreg.eval.Evaluator;
import org.selfreg.eval.ModelSelection;
import org.selfreg.model.Checkpoint;
import org.selfreg.model.SegmentationTrainer;
import org.selfreg.model.TrainConfig;
import org.selfreg.model.TrainedModel;
import org.selfreg.model.TrainingListener;
import org.selfreg.model.nd.LibtorchWork;

/**
 * A checkpoint trained on a prepared dataset, evaluated on its test cases as the evaluation worker does (exported
 * predictions under {@code evaluation/predictions}) and packaged as the worker packages it.
 *
 * @param best       the validation-selected checkpoint
 * @param evaluation the evaluation's output folder
 * @param model      the model package of {@code best}
 */
record EvaluatedCheckpoint(Path best, Path evaluation, ModelPackage model) {

    /** Trains {@code config} (made fit for the dataset) on {@code dataset}, evaluates and packages it under {@code dir}. */
    static EvaluatedCheckpoint train(PreparedDataset dataset, TrainConfig config, Path dir) {
        Path checkpoints = dir.resolve("checkpoints");
        TrainConfig fitted = config.forDataset(dataset.description());
        LibtorchWork.onOwnThread("train", () -> new SegmentationTrainer().train(dataset.dir(), dataset.trainSlices(),
                dataset.valCases(), fitted, checkpoints, new TrainingListener() { }));
        Path best = Checkpoint.paramsFile(checkpoints, Checkpoint.BEST);
        Path evaluation = dir.resolve("evaluation");
        try (TrainedModel model = TrainedModel.load(best)) {
            new Evaluator().evaluate(dataset.dir(), dataset.description(), dataset.testCases(), model,
                    ModelSelection.onValidation(List.of(Checkpoint.BEST, Checkpoint.LAST)),
                    EvaluationOptions.defaults(), evaluation);
        }
        return new EvaluatedCheckpoint(best, evaluation, writePackage(dataset, best, dir.resolve("model")));
    }

    /** The package of {@code checkpoint} in {@code dir}, with a fixed origin. */
    static ModelPackage writePackage(PreparedDataset dataset, Path checkpoint, Path dir) {
        return ModelPackage.write(dir, checkpoint, DatasetManifest.read(dataset.dir()),
                new ModelPackage.Origin("trial-key", "run-1", "test", "corrected", "best: validation"));
    }

    /** The evaluation's exported prediction of test case {@code caseName}, named {@code <case><suffix>}. */
    Path exported(String caseName, String suffix) {
        return evaluation.resolve("predictions").resolve(caseName + suffix);
    }
}
