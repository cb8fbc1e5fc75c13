/*
 * One lab of a comparison: either what was measured, or why it could not be (not run on netns: the
 * reason), so the labs that did run are still compared beside it.
 */
package org.overlaylab.app.compare;

public record LabOutcome(String labId, LabComparison comparison, String reason) {

    public static LabOutcome measured(LabComparison comparison) {
        return new LabOutcome(comparison.labId(), comparison, null);
    }

    public static LabOutcome notCompared(String labId, String reason) {
        return new LabOutcome(labId, null, reason);
    }

    public boolean compared() {
        return comparison != null;
    }
}
