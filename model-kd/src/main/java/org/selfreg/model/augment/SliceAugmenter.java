package org.selfreg.model.augment;

import org.selfreg.model.image.Zoom;

import java.util.Random;

/**
 * The reference training augmentation ({@code RandomGenerator} of TransUNet / SelfReg-UNet), driven by one injected
 * {@link Random} so a seed reproduces a run:
 * <ol>
 *   <li>with probability 0.5: {@code rot90} by {@code k} in 0..3, then a flip on a random axis;</li>
 *   <li>otherwise with probability 0.5: rotation by an integer angle in [-20, 19] degrees, nearest neighbour for
 *       image and label;</li>
 *   <li>then, if the slice is not {@code size x size}: zoom (cubic image, nearest label).</li>
 * </ol>
 */
public final class SliceAugmenter {

    private static final int MAX_ANGLE = 20;

    private final Random random;
    private final int size;

    /**
     * @param random shared random source of the training run
     * @param size   side of the square training input (224 in the reference)
     */
    public SliceAugmenter(Random random, int size) {
        this.random = random;
        this.size = size;
    }

    /** Returns a new augmented {@code size x size} slice; the input is not modified. */
    public Slice augment(Slice slice) {
        Slice out = slice;
        if (random.nextDouble() > 0.5) {
            out = SliceGeometry.rot90(out, random.nextInt(4));
            out = SliceGeometry.flip(out, random.nextInt(2));
        } else if (random.nextDouble() > 0.5) {
            out = SliceGeometry.rotateNearest(out, random.nextInt(2 * MAX_ANGLE) - MAX_ANGLE);
        }
        return resize(out, size);
    }

    /**
     * Zooms to {@code size x size} like the reference (order 3 image, each channel alone as {@code zoom} with a
     * channel factor of 1 does, order 0 label); a no-op at that size.
     */
    public static Slice resize(Slice slice, int size) {
        if (slice.height() == size && slice.width() == size) {
            return slice;
        }
        return new Slice(slice.channels(), size, size,
                Zoom.zoomPlanes(slice.image(), slice.channels(), slice.height(), slice.width(), size, size),
                Zoom.zoomLabels(slice.label(), slice.height(), slice.width(), size, size));
    }
}
