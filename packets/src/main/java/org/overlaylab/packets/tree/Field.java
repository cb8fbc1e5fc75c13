/*
 * One named field of a layer: its display value and exactly which bytes (and, for flags and
 * sub-byte fields, which bits of them) hold it, so a hex view can highlight it.
 */
package org.overlaylab.packets.tree;

import java.util.List;

/**
 * @param offset  index of the field's first byte in the frame
 * @param length  number of bytes the field spans
 * @param bitMask for fields narrower than their bytes, the mask over those bytes read big-endian
 *                (e.g. 0x4000 for IPv4's DF bit over the 2-byte flags/offset word); 0 for whole bytes
 */
public record Field(String name, String display, int offset, int length, long bitMask, List<Field> children) {

    public Field {
        children = List.copyOf(children);
    }

    public static Field of(String name, String display, int offset, int length) {
        return new Field(name, display, offset, length, 0, List.of());
    }

    public static Field bits(String name, String display, int offset, int length, long bitMask) {
        return new Field(name, display, offset, length, bitMask, List.of());
    }

    /** "Name: value" as a tree row shows it. */
    public String label() {
        return display.isEmpty() ? name : name + ": " + display;
    }
}
