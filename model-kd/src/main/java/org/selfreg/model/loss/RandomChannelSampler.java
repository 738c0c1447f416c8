package org.selfreg.model.loss;

import java.util.Random;

/** {@link ChannelSampler} backed by an injected {@link Random}: a fresh draw on every call (partial Fisher-Yates). */
public final class RandomChannelSampler implements ChannelSampler {

    private final Random random;

    /** The random source is shared on purpose: one seed drives the whole training run. */
    public RandomChannelSampler(Random random) {
        this.random = random;
    }

    @Override
    public int[] sample(int n, int k) {
        if (k < 0 || k > n) {
            throw new IllegalArgumentException("cannot sample " + k + " distinct channels out of " + n);
        }
        int[] pool = new int[n];
        for (int i = 0; i < n; i++) {
            pool[i] = i;
        }
        for (int i = 0; i < k; i++) {
            int j = i + random.nextInt(n - i);
            int swap = pool[i];
            pool[i] = pool[j];
            pool[j] = swap;
        }
        int[] picked = new int[k];
        System.arraycopy(pool, 0, picked, 0, k);
        return picked;
    }
}
