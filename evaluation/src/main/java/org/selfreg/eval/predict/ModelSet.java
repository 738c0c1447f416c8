package org.selfreg.eval.predict;

import java.util.ArrayList;
import java.util.List;
import org.selfreg.dataprep.InvalidInputException;
import org.selfreg.model.SlicePredictor;
import org.selfreg.model.TrainedModel;

/**
 * The models of one prediction, loaded, as one {@link SlicePredictor}: a single model without augmentation predicts
 * through its own class decision (the path evaluation takes, so the two agree bit for bit); an ensemble or flip
 * augmentation averages probabilities ({@link AveragedPredictor}). The models must have been trained on the same kind
 * of data: preprocessing, classes, channels, dimensions and input size.
 */
final class ModelSet implements AutoCloseable {

    private final List<ModelPackage> packages;
    private final List<TrainedModel> loaded;
    private final SlicePredictor predictor;

    private ModelSet(List<ModelPackage> packages, List<TrainedModel> loaded, TestTimeAugmentation tta) {
        this.packages = packages;
        this.loaded = loaded;
        this.predictor = loaded.size() == 1 && tta == TestTimeAugmentation.NONE ? loaded.getFirst()
                : new AveragedPredictor(loaded, tta);
    }

    /**
     * Checks that the packages agree, then loads them.
     *
     * @throws InvalidInputException naming the first package that differs from the first one
     */
    static ModelSet open(List<ModelPackage> packages, TestTimeAugmentation tta) {
        if (packages.isEmpty()) {
            throw new InvalidInputException("no model given; pass --model");
        }
        ModelCard reference = packages.getFirst().card();
        for (ModelPackage other : packages.subList(1, packages.size())) {
            ModelCard card = other.card();
            if (!card.dataset().classNames().equals(reference.dataset().classNames())
                    || card.dataset().channels() != reference.dataset().channels()
                    || card.dataset().dimensions() != reference.dataset().dimensions()
                    || !card.preprocessing().equals(reference.preprocessing())) {
                throw new InvalidInputException("model " + other.source() + " was trained on other data than "
                        + packages.getFirst().source() + " (classes " + card.dataset().classNames() + ", "
                        + card.preprocessing() + "); an ensemble needs models of one dataset");
            }
        }
        List<TrainedModel> loaded = new ArrayList<>();
        try {
            for (ModelPackage model : packages) {
                TrainedModel network = model.load();
                loaded.add(network);
                if (network.inputHeight() != loaded.getFirst().inputHeight()) {
                    throw new InvalidInputException("model " + model.source() + " takes " + network.inputHeight()
                            + " pixel slices but " + packages.getFirst().source() + " takes "
                            + loaded.getFirst().inputHeight() + "; an ensemble needs one input size");
                }
            }
            return new ModelSet(List.copyOf(packages), loaded, tta);
        } catch (RuntimeException e) {
            loaded.forEach(TrainedModel::close);
            throw e;
        }
    }

    /** What the models share: preprocessing, classes, dimensions. */
    ModelCard card() {
        return packages.getFirst().card();
    }

    /** How the first model was named, for messages. */
    String source() {
        return packages.getFirst().source();
    }

    List<ModelPackage> packages() {
        return packages;
    }

    SlicePredictor predictor() {
        return predictor;
    }

    @Override
    public void close() {
        loaded.forEach(TrainedModel::close);
    }
}
