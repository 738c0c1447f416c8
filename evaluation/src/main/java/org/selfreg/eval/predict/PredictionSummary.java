package org.selfreg.eval.predict;

import java.nio.file.Path;
import java.util.Map;

/**
 * What a prediction run did, for the closing lines of {@code ./selfreg predict}.
 *
 * @param files          inputs predicted
 * @param seconds        wall time of the whole run, loading the models included
 * @param voxelsPerClass voxels (pixels for images) of each class over all predictions, by class name, in class order
 * @param outDir         where the predictions and their records are
 */
public record PredictionSummary(int files, double seconds, Map<String, Long> voxelsPerClass, Path outDir) {
}
