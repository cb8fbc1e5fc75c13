/* How much each device label says: its name; with addresses; or with MACs, MTUs and tunnel parameters too. */
package org.overlaylab.app.ui.diagram;

public enum DetailLevel {
    NAMES("Names"), ADDRESSES("Addresses"), FULL("Addresses and MACs");

    private final String label;

    DetailLevel(String label) {
        this.label = label;
    }

    @Override
    public String toString() {
        return label;
    }
}
