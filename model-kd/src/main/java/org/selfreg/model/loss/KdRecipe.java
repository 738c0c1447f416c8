package org.selfreg.model.loss;

import ai.djl.ndarray.NDArray;
import org.selfreg.model.unet.FeatureTaps;

import java.util.ArrayList;
import java.util.List;

/**
 * How a backbone's feature taps combine into the SelfReg loss: groups of IFD taps and groups of SCR students.
 * Each group contributes the mean of its terms; the groups' means are summed. Within an SCR group the order is the
 * order of the reference's calls, which fixes which random channel draw each term gets.
 */
public interface KdRecipe {

    /** Groups of taps for {@code intra_fd}. */
    List<List<NDArray>> intraGroups(FeatureTaps taps);

    /** Groups of students for {@code inter_fd} against the backbone's teacher. */
    List<List<NDArray>> interGroups(FeatureTaps taps);

    /**
     * The UNet combination ({@code trainer_unet.py}): intra = mean over the 4 encoder taps + mean over the 3 decoder
     * taps; inter = mean over the 7 taps, decoder taps first.
     */
    KdRecipe UNET = new KdRecipe() {
        @Override
        public List<List<NDArray>> intraGroups(FeatureTaps taps) {
            return List.of(taps.encoder(), taps.decoder());
        }

        @Override
        public List<List<NDArray>> interGroups(FeatureTaps taps) {
            List<NDArray> students = new ArrayList<>(taps.decoder());
            students.addAll(taps.encoder());
            return List.of(students);
        }
    };
}
