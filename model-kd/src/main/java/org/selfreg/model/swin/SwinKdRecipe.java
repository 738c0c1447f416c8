package org.selfreg.model.swin;

import ai.djl.ndarray.NDArray;
import org.selfreg.model.loss.KdRecipe;
import org.selfreg.model.unet.FeatureTaps;

import java.util.ArrayList;
import java.util.List;

/**
 * The Swin combination of SelfReg's {@code KDloss} ({@code trainer.py}) over the taps of {@link SwinUNet#taps}, whose
 * encoder list is the last blocks of the 4 stages then their first blocks, and whose decoder list is the last blocks
 * of {@code layers_up.1..3} then their first blocks.
 *
 * <p>intra = mean4(e) + mean4(e_0) + mean3(d_0) + mean3(d); inter = mean7(d, e) + mean7(d_0, e_0), students in the
 * reference's call order (which fixes each term's channel draw).
 */
public final class SwinKdRecipe implements KdRecipe {

    /** The recipe; it holds no state. */
    public static final SwinKdRecipe INSTANCE = new SwinKdRecipe();

    private SwinKdRecipe() {
    }

    @Override
    public List<List<NDArray>> intraGroups(FeatureTaps taps) {
        return List.of(last(taps.encoder()), first(taps.encoder()), first(taps.decoder()), last(taps.decoder()));
    }

    @Override
    public List<List<NDArray>> interGroups(FeatureTaps taps) {
        return List.of(concat(last(taps.decoder()), last(taps.encoder())),
                concat(first(taps.decoder()), first(taps.encoder())));
    }

    private static List<NDArray> last(List<NDArray> taps) {
        return taps.subList(0, half(taps));
    }

    private static List<NDArray> first(List<NDArray> taps) {
        return taps.subList(half(taps), taps.size());
    }

    private static int half(List<NDArray> taps) {
        if (taps.size() % 2 != 0) {
            throw new IllegalArgumentException("Swin taps hold a last-block and a first-block half, got " + taps.size()
                    + " arrays; decode the output with SwinUNet.taps");
        }
        return taps.size() / 2;
    }

    private static List<NDArray> concat(List<NDArray> a, List<NDArray> b) {
        List<NDArray> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
