package org.selfreg.model.loss;

/** Draws the ordered channel subsets that {@code inter_fd} matches student against teacher channels with. */
@FunctionalInterface
public interface ChannelSampler {

    /**
     * Returns {@code k} distinct indices from {@code 0..n-1} in random order, like Python's
     * {@code random.sample(range(n), k)}.
     */
    int[] sample(int n, int k);
}
