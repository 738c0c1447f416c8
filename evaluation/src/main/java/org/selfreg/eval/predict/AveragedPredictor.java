package org.selfreg.eval.predict;

import java.util.List;
import org.selfreg.model.ProbabilityPredictor;
import org.selfreg.model.SlicePredictor;

/**
 * An ensemble with optional flip test-time augmentation: the mean of the probabilities of every model (and, with
 * {@link TestTimeAugmentation#FLIP}, of each slice and its left-right mirror, flipped back), then the class decision
 * the models' head makes: argmax over a softmax (the first class on a tie, as {@code torch.argmax}), or foreground
 * above 0.5 for a sigmoid. The models must share input size, channels, classes and head.
 */
final class AveragedPredictor implements SlicePredictor {

    private final List<? extends ProbabilityPredictor> models;
    private final TestTimeAugmentation tta;
    private final ProbabilityPredictor first;

    AveragedPredictor(List<? extends ProbabilityPredictor> models, TestTimeAugmentation tta) {
        if (models.isEmpty()) {
            throw new IllegalArgumentException("an ensemble needs a model");
        }
        this.models = List.copyOf(models);
        this.tta = tta;
        this.first = models.getFirst();
    }

    @Override
    public int inputHeight() {
        return first.inputHeight();
    }

    @Override
    public int inputWidth() {
        return first.inputWidth();
    }

    @Override
    public int classes() {
        return first.classes();
    }

    @Override
    public int channels() {
        return first.channels();
    }

    @Override
    public byte[] predict(float[] slices, int count) {
        float[] sum = null;
        int views = 0;
        float[] flipped = tta == TestTimeAugmentation.FLIP ? flipRows(slices, inputWidth()) : null;
        for (ProbabilityPredictor model : models) {
            sum = add(sum, model.probabilities(slices, count));
            views++;
            if (flipped != null) {
                sum = add(sum, flipRows(model.probabilities(flipped, count), inputWidth()));
                views++;
            }
        }
        int pixels = inputHeight() * inputWidth();
        return first.sigmoidHead() ? threshold(sum, views) : argmax(sum, count, sum.length / (count * pixels), pixels);
    }

    /** Every row of {@code values} (rows of {@code width}) mirrored: x becomes {@code width - 1 - x}. */
    static float[] flipRows(float[] values, int width) {
        float[] out = new float[values.length];
        for (int row = 0; row < values.length; row += width) {
            for (int x = 0; x < width; x++) {
                out[row + x] = values[row + width - 1 - x];
            }
        }
        return out;
    }

    private static float[] add(float[] sum, float[] probabilities) {
        if (sum == null) {
            return probabilities.clone();
        }
        for (int i = 0; i < sum.length; i++) {
            sum[i] += probabilities[i];
        }
        return sum;
    }

    /** Foreground where the mean sigmoid exceeds 0.5, as a single model's {@code sigmoid(x) > 0.5}. */
    private static byte[] threshold(float[] sum, int views) {
        byte[] out = new byte[sum.length];
        for (int i = 0; i < sum.length; i++) {
            out[i] = (byte) (sum[i] / views > 0.5f ? 1 : 0);
        }
        return out;
    }

    /** The class of the largest summed probability per pixel (dividing by the view count changes no order). */
    private static byte[] argmax(float[] sum, int count, int classes, int pixels) {
        byte[] out = new byte[count * pixels];
        for (int s = 0; s < count; s++) {
            int base = s * classes * pixels;
            for (int p = 0; p < pixels; p++) {
                int best = 0;
                float bestValue = sum[base + p];
                for (int c = 1; c < classes; c++) {
                    float v = sum[base + c * pixels + p];
                    if (v > bestValue) {
                        best = c;
                        bestValue = v;
                    }
                }
                out[s * pixels + p] = (byte) best;
            }
        }
        return out;
    }

    @Override
    public void close() {
        // The models belong to the ModelSet that opened them.
    }
}
