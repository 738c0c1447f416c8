package org.selfreg.model.swin;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

/**
 * Windows of one Swin block on a square token grid: partition, reverse, cyclic shift, the shifted-window mask and the
 * relative position index, all as {@code SwinTransformerBlock} and {@code WindowAttention} build them.
 *
 * @param side   tokens per side of the grid
 * @param window side of a window ({@code side} itself when the grid is not larger than the requested window)
 * @param shift  cyclic shift of SW-MSA, 0 for W-MSA
 */
record WindowGeometry(int side, int window, int shift) {

    /** Value the reference writes into the mask between tokens of different shifted regions. */
    static final float MASKED = -100f;

    /** The reference rule: a grid no larger than the window gets one window of its own side and no shift. */
    static WindowGeometry of(int side, int requestedWindow, int requestedShift) {
        if (side <= requestedWindow) {
            return new WindowGeometry(side, side, 0);
        }
        return new WindowGeometry(side, requestedWindow, requestedShift);
    }

    /** Tokens per window. */
    int tokens() {
        return window * window;
    }

    /** Windows per image. */
    int windows() {
        return (side / window) * (side / window);
    }

    /** {@code (B, side, side, C)} to {@code (B * windows, window * window, C)}, windows in row-major order. */
    NDArray partition(NDArray x) {
        Shape s = x.getShape();
        long c = s.get(3);
        int n = side / window;
        return x.reshape(s.get(0), n, window, n, window, c).transpose(0, 1, 3, 2, 4, 5).reshape(-1, tokens(), c);
    }

    /** Inverse of {@link #partition}: back to {@code (B, side, side, C)}. */
    NDArray reverse(NDArray windowed, long batch) {
        long c = windowed.getShape().get(2);
        int n = side / window;
        return windowed.reshape(batch, n, n, window, window, c).transpose(0, 1, 3, 2, 4, 5).reshape(batch, side, side, c);
    }

    /** {@code torch.roll(x, (amount, amount), dims=(1, 2))} on {@code (B, side, side, C)}. */
    NDArray roll(NDArray x, int amount) {
        return rollAxis(rollAxis(x, 1, amount), 2, amount);
    }

    private NDArray rollAxis(NDArray x, int axis, int amount) {
        int split = Math.floorMod(-amount, side);
        String prefix = ":, ".repeat(axis);
        return x.get(new NDIndex(prefix + split + ":")).concat(x.get(new NDIndex(prefix + ":" + split)), axis);
    }

    /**
     * The SW-MSA mask {@code (windows, N, N)}: 0 between tokens of the same region of the shifted grid, -100 between
     * tokens of different regions; {@code null} for W-MSA.
     */
    float[] attentionMask() {
        if (shift == 0) {
            return null;
        }
        int n = side / window;
        int tokens = tokens();
        float[] mask = new float[windows() * tokens * tokens];
        int[] region = new int[tokens];
        for (int wy = 0; wy < n; wy++) {
            for (int wx = 0; wx < n; wx++) {
                for (int t = 0; t < tokens; t++) {
                    region[t] = 3 * band(wy * window + t / window) + band(wx * window + t % window);
                }
                int offset = (wy * n + wx) * tokens * tokens;
                for (int i = 0; i < tokens; i++) {
                    for (int j = 0; j < tokens; j++) {
                        mask[offset + i * tokens + j] = region[i] == region[j] ? 0f : MASKED;
                    }
                }
            }
        }
        return mask;
    }

    /** Shape of {@link #attentionMask()}. */
    Shape maskShape() {
        return new Shape(windows(), tokens(), tokens());
    }

    /** Which of the reference's three slices {@code [0, -window), [-window, -shift), [-shift, end)} holds row/col p. */
    private int band(int p) {
        if (p < side - window) {
            return 0;
        }
        return p < side - shift ? 1 : 2;
    }

    /**
     * {@code relative_position_index}: for tokens i, j of a window, the row of the bias table holding their relative
     * offset, {@code (dy + window - 1) * (2 * window - 1) + (dx + window - 1)}.
     */
    long[] relativePositionIndex() {
        int tokens = tokens();
        long[] index = new long[tokens * tokens];
        for (int i = 0; i < tokens; i++) {
            for (int j = 0; j < tokens; j++) {
                int dy = i / window - j / window + window - 1;
                int dx = i % window - j % window + window - 1;
                index[i * tokens + j] = (long) dy * (2 * window - 1) + dx;
            }
        }
        return index;
    }
}
