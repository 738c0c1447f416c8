package org.selfreg.model.augment;

/**
 * The geometric transforms of the reference {@code RandomGenerator}, as source-index maps applied identically to
 * image and label: {@code np.rot90}, {@code np.flip} and {@code scipy.ndimage.rotate(order=0, reshape=False)}.
 */
final class SliceGeometry {

    private SliceGeometry() {
    }

    /** {@code np.rot90(x, k)}: {@code k} counter-clockwise quarter turns in axes (0, 1). */
    static Slice rot90(Slice s, int k) {
        Slice out = s;
        for (int turn = 0; turn < Math.floorMod(k, 4); turn++) {
            out = rot90Once(out);
        }
        return out;
    }

    /** One counter-clockwise turn: {@code out[i][j] = in[j][w - 1 - i]}, shape {@code (w, h)}. */
    private static Slice rot90Once(Slice s) {
        int h = s.height();
        int w = s.width();
        int[] map = new int[h * w];
        for (int i = 0; i < w; i++) {
            for (int j = 0; j < h; j++) {
                map[i * h + j] = j * w + (w - 1 - i);
            }
        }
        return s.remap(w, h, map);
    }

    /** {@code np.flip(x, axis)}: axis 0 reverses the rows, axis 1 the columns. */
    static Slice flip(Slice s, int axis) {
        int h = s.height();
        int w = s.width();
        int[] map = new int[h * w];
        for (int r = 0; r < h; r++) {
            for (int c = 0; c < w; c++) {
                map[r * w + c] = axis == 0 ? (h - 1 - r) * w + c : r * w + (w - 1 - c);
            }
        }
        return s.remap(h, w, map);
    }

    /**
     * {@code scipy.ndimage.rotate(x, angle, order=0, reshape=False)} with mode 'constant', cval 0: the output pixel
     * {@code o} samples the input at {@code R (o - c) + c} with {@code c = (n - 1) / 2} and
     * {@code R = [[cos, sin], [-sin, cos]]}, rounded half up; samples outside {@code [0, n - 1]} become 0.
     */
    static Slice rotateNearest(Slice s, int angleDegrees) {
        int h = s.height();
        int w = s.width();
        double radians = Math.toRadians(angleDegrees);
        double cos = Math.cos(radians);
        double sin = Math.sin(radians);
        double centreRow = (h - 1) / 2.0;
        double centreCol = (w - 1) / 2.0;
        // scipy's offset = centre - R * centre, so the input coordinate is R * o + offset.
        double offsetRow = centreRow - (cos * centreRow + sin * centreCol);
        double offsetCol = centreCol - (-sin * centreRow + cos * centreCol);
        int[] map = new int[h * w];
        for (int r = 0; r < h; r++) {
            for (int c = 0; c < w; c++) {
                double inRow = cos * r + sin * c + offsetRow;
                double inCol = -sin * r + cos * c + offsetCol;
                map[r * w + c] = inside(inRow, h) && inside(inCol, w)
                        ? (int) Math.floor(inRow + 0.5) * w + (int) Math.floor(inCol + 0.5)
                        : -1;
            }
        }
        return s.remap(h, w, map);
    }

    private static boolean inside(double coordinate, int length) {
        return coordinate >= 0 && coordinate <= length - 1;
    }
}
