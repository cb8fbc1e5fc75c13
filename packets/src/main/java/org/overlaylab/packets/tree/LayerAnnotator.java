/*
 * Lets the caller attach a note to layers of a frame it knows more about, typically "added by
 * node1:vxlan0" on a VXLAN or GRE header from a simulator trace. Return null for no note.
 */
package org.overlaylab.packets.tree;

@FunctionalInterface
public interface LayerAnnotator {
    LayerAnnotator NONE = (index, layer) -> null;

    /**
     * @param index position of the layer in the tree, 0 for the outer Ethernet header
     * @param layer the layer as decoded (without annotation)
     */
    String annotate(int index, Layer layer);
}
