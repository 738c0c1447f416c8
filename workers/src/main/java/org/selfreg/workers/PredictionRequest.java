package org.selfreg.workers;

import java.net.URI;
import java.util.List;
import org.selfreg.eval.predict.TestTimeAugmentation;
import org.selfreg.tracking.RemoteModels;

/**
 * What every task of a batch prediction reads: the models, where the inputs are and the predictions go, the
 * augmentation.
 *
 * @param models    model URIs ({@code runs:/}, {@code models:/}), one or the members of an ensemble
 * @param inputsUri the S3 folder of the inputs
 * @param outputUri the S3 folder of the predictions
 * @param tta       the test-time augmentation
 */
record PredictionRequest(List<String> models, URI inputsUri, URI outputUri, TestTimeAugmentation tta) {

    /** Reads and checks the shared keys of a prediction task's input. */
    static PredictionRequest of(TaskInput input) {
        List<String> models = input.strings("models");
        models.forEach(RemoteModels::requireWellFormed);
        TestTimeAugmentation tta = input.has("tta") ? TestTimeAugmentation.named(input.string("tta"))
                : TestTimeAugmentation.NONE;
        return new PredictionRequest(models, trimmed(input.s3Uri("inputsUri")),
                trimmed(input.s3Uri("outputUri")), tta);
    }

    private static URI trimmed(URI folder) {
        return URI.create(folder.toString().replaceAll("/+$", ""));
    }
}
