package org.selfreg.eval;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.selfreg.dataprep.DatasetDescription;
import org.selfreg.dataprep.FileTrees;
import org.selfreg.dataprep.InvalidInputException;
import org.selfreg.dataprep.TestVolume;
import org.selfreg.model.SlicePredictor;
import org.selfreg.model.VolumeSegmenter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evaluates a model on test volumes ({@code <datasetDir>/test_vol/<case>.npz}) as the reference's {@code inference}:
 * slice-wise segmentation, per-class metrics for classes {@code 1..classes-1} by the dataset's protocol
 * ({@link ProtocolScorer}), prediction export (NIfTI for volumes, PNG masks and overlays for 2-D images) and reports
 * naming the dataset's classes.
 *
 * <p>Everything is written to a temporary directory beside {@code outputDir} and moved into place only when all cases
 * succeed, so a failed evaluation leaves no partial results.
 */
public final class Evaluator {

    private static final Logger LOG = LoggerFactory.getLogger(Evaluator.class);
    static final String PREDICTIONS = "predictions";

    /**
     * Runs the evaluation of one checkpoint and writes {@code report.csv}, {@code report.md},
     * {@code transunet_log.txt} and (when enabled) {@code predictions/} into {@code outputDir}.
     *
     * @param dataset   the dataset's description (from its manifest): class names, dimensions and protocol
     * @param selection the checkpoint {@code model} was loaded from and how it was chosen, named in the reports
     *
     * @throws InvalidInputException when a case file is missing or malformed, its intensities are not finite, or its
     *                               labels hold classes the dataset does not have
     */
    public EvaluationReport evaluate(Path datasetDir, DatasetDescription dataset, List<String> cases,
                                     SlicePredictor model,
                                     ModelSelection selection, EvaluationOptions options, Path outputDir) {
        if (cases.isEmpty()) {
            throw new IllegalArgumentException("no test cases given");
        }
        Path absoluteOut = outputDir.toAbsolutePath();
        Path staging = StagingFolder.beside(absoluteOut);
        try {
            Path predictions = staging.resolve(PREDICTIONS);
            if (options.exportPredictions()) {
                Files.createDirectories(predictions);
            }
            VolumeSegmenter segmenter = new VolumeSegmenter(model, options.batchSize());
            List<CaseMetrics> results = new ArrayList<>(cases.size());
            for (String name : cases) {
                Path file = datasetDir.resolve("test_vol").resolve(name + ".npz");
                if (!Files.isRegularFile(file)) {
                    throw new InvalidInputException(file + ": test case '" + name + "' not found; check the case list"
                            + " against " + datasetDir.resolve("test_vol"));
                }
                TestVolume volume = TestVolume.read(file);
                requireKnownLabels(file, volume, dataset.classes());
                byte[] prediction = segmenter.segment(volume);
                if (prediction.length != volume.label().length) {
                    throw new InvalidInputException(file + ": prediction has " + prediction.length
                            + " voxels but the label has " + volume.label().length
                            + "; the image and label arrays of this case must have the same shape");
                }
                CaseMetrics metrics = ProtocolScorer.score(dataset, volume, prediction, options.mode());
                LOG.info("Evaluated {}: {}", name, headline(dataset, metrics.meanDice(), metrics.meanJaccard(),
                        metrics.meanHd95()));
                results.add(metrics);
                if (options.exportPredictions()) {
                    export(dataset, volume, prediction, predictions, options);
                }
            }
            EvaluationReport report = new EvaluationReport(dataset, options.mode(), selection, results);
            ReportFormats.writeAll(report, staging);
            StagingFolder.publish(staging, absoluteOut);
            LOG.info("Evaluated checkpoint {} ({}) on {} cases ({}): {}, written to {}", selection.checkpoint(),
                    selection.label(), cases.size(), options.mode(),
                    headline(dataset, report.meanDice(), report.meanJaccard(), report.meanHd95()), absoluteOut);
            return report;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write evaluation results under " + absoluteOut, e);
        } finally {
            FileTrees.deleteRecursively(staging);
        }
    }

    /** The numbers a log line gives: Dice with HD95, or with IoU for a protocol without distances (GlaS, MoNuSeg). */
    private static String headline(DatasetDescription dataset, double dice, double jaccard, double hd95) {
        return dataset.protocol() == DatasetDescription.Protocol.UCTRANSNET
                ? String.format(Locale.ROOT, "mean dice %.4f, mean IoU %.4f", dice, jaccard)
                : String.format(Locale.ROOT, "mean dice %.4f, mean hd95 %.4f", dice, hd95);
    }

    private static void export(DatasetDescription dataset, TestVolume volume, byte[] prediction, Path dir,
                               EvaluationOptions options) {
        if (dataset.dimensions() == 2) {
            PngPredictionExporter.export(volume, prediction, dataset.classes(), dir);
        } else {
            PredictionExporter.export(volume, prediction, dir, options);
        }
    }

    private static void requireKnownLabels(Path file, TestVolume volume, int classes) {
        byte[] label = volume.label();
        for (int i = 0; i < label.length; i++) {
            int value = label[i] & 0xFF;
            if (value >= classes) {
                throw new InvalidInputException(file + ": label value " + value + " at voxel " + i
                        + " is outside the dataset's classes 0.." + (classes - 1)
                        + "; the manifest's class names do not match the labels, prepare the dataset again");
            }
        }
    }
}
