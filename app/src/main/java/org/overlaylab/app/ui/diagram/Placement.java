/*
 * One-dimensional placement used throughout the layout: put items of given widths in a fixed order
 * on a line, each as close as it can get to where it wants to be (least squares), never closer to
 * its neighbour than a gap. Solved exactly by pool-adjacent-violators over the shifted targets.
 */
package org.overlaylab.app.ui.diagram;

final class Placement {
    private Placement() {}

    /**
     * @param widths  item widths in order
     * @param desired desired centre of each item; NaN for "no wish" (it follows its neighbours)
     * @param weights how strongly each item holds on to its wish
     * @param gap     free space between neighbours
     * @return the centre of each item
     */
    static double[] place(double[] widths, double[] desired, double[] weights, double gap) {
        int n = widths.length;
        double[] centres = new double[n];
        if (n == 0) {
            return centres;
        }
        double[] offset = new double[n];
        for (int k = 1; k < n; k++) {
            offset[k] = offset[k - 1] + (widths[k - 1] + widths[k]) / 2 + gap;
        }
        double[] target = new double[n];
        double[] weight = new double[n];
        fillWishes(desired, offset, target, weight, weights);
        // pool adjacent violators: blocks of items that share one shifted position
        double[] blockValue = new double[n];
        double[] blockWeight = new double[n];
        int[] blockStart = new int[n];
        int blocks = 0;
        for (int k = 0; k < n; k++) {
            blockValue[blocks] = target[k];
            blockWeight[blocks] = weight[k];
            blockStart[blocks] = k;
            blocks++;
            while (blocks > 1 && blockValue[blocks - 2] > blockValue[blocks - 1]) {
                double w = blockWeight[blocks - 2] + blockWeight[blocks - 1];
                blockValue[blocks - 2] = (blockValue[blocks - 2] * blockWeight[blocks - 2]
                        + blockValue[blocks - 1] * blockWeight[blocks - 1]) / w;
                blockWeight[blocks - 2] = w;
                blocks--;
            }
        }
        for (int b = 0; b < blocks; b++) {
            int end = b + 1 < blocks ? blockStart[b + 1] : n;
            for (int k = blockStart[b]; k < end; k++) {
                centres[k] = blockValue[b] + offset[k];
            }
        }
        return centres;
    }

    private static void fillWishes(double[] desired, double[] offset, double[] target, double[] weight,
                                   double[] weights) {
        int n = desired.length;
        boolean any = false;
        for (int k = 0; k < n; k++) {
            if (!Double.isNaN(desired[k])) {
                any = true;
                break;
            }
        }
        for (int k = 0; k < n; k++) {
            if (!Double.isNaN(desired[k])) {
                target[k] = desired[k] - offset[k];
                weight[k] = Math.max(1e-6, weights == null ? 1 : weights[k]);
            } else {
                weight[k] = 1e-6;
                target[k] = any ? Double.NaN : 0;
            }
        }
        if (!any) {
            return;
        }
        // an item without a wish sits packed against its nearest neighbour that has one
        double last = Double.NaN;
        for (int k = 0; k < n; k++) {
            if (!Double.isNaN(target[k])) {
                last = target[k];
            } else if (!Double.isNaN(last)) {
                target[k] = last;
            }
        }
        double next = Double.NaN;
        for (int k = n - 1; k >= 0; k--) {
            if (!Double.isNaN(desired[k])) {
                next = target[k];
            } else if (Double.isNaN(target[k])) {
                target[k] = next;
            }
        }
    }

    /** Places within [lo, hi]: as `place`, then shifted (or packed from lo) so everything fits. */
    static double[] placeWithin(double[] widths, double[] desired, double gap, double lo, double hi) {
        double[] c = place(widths, desired, null, gap);
        int n = c.length;
        if (n == 0) {
            return c;
        }
        double left = c[0] - widths[0] / 2;
        double right = c[n - 1] + widths[n - 1] / 2;
        if (right - left > hi - lo) {
            double shift = lo - left;
            for (int k = 0; k < n; k++) {
                c[k] += shift;
            }
            return c;
        }
        double shift = 0;
        if (left < lo) {
            shift = lo - left;
        } else if (right > hi) {
            shift = hi - right;
        }
        for (int k = 0; k < n; k++) {
            c[k] += shift;
        }
        return c;
    }
}
