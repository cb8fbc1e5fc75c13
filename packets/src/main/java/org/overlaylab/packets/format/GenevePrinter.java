/*
 * Geneve as tcpdump 4.99's geneve_print shows it without -v: flags, VNI in hex, the protocol with
 * -e, the options' total length, then the inner packet on the same line (ethertype_print, or
 * ether_print for 0x6558).
 */
package org.overlaylab.packets.format;

import org.overlaylab.packets.encap.Encapsulations;
import org.overlaylab.packets.encap.Geneve;

final class GenevePrinter implements TunnelPrinter {
    private static final String[] FLAG_NAMES = {"O", "C", "R1", "R2", "R3", "R4", "R5", "R6"};

    @Override
    public void print(TunnelCursor c, int p, int length) {
        StringBuilder sb = c.out();
        c.protocol("geneve");
        sb.append("Geneve");
        if (length < Geneve.FIXED_LENGTH) {
            sb.append(" [length ").append(length).append(" < 8]");
            sb.append(" (invalid)");
            return;
        }
        c.check(p, Geneve.FIXED_LENGTH);
        int verOpt = c.u8(p);
        int version = verOpt >> 6;
        if (version != 0) {
            sb.append(" ERROR: unknown-version ").append(version);
            return;
        }
        int flags = c.u8(p + 1);
        int prot = c.u16(p + 2);
        int vni = c.u24(p + 4);
        int reserved = c.u8(p + 7);
        int len = length - Geneve.FIXED_LENGTH;
        sb.append(", Flags [");
        int before = sb.length();
        for (int bit = 0; bit < 8; bit++) {
            if ((flags & (0x80 >> bit)) != 0) {
                sb.append(FLAG_NAMES[bit]);
            }
        }
        if (sb.length() == before) {
            sb.append("none");
        }
        sb.append("], vni 0x");
        TextBits.hex(sb, vni);
        if (reserved != 0) {
            sb.append(", rsvd 0x");
            TextBits.hex(sb, reserved);
        }
        if (c.linkLevel()) {
            String name = EtherTypes.knownName(prot);
            sb.append(", proto ").append(name == null ? "unknown" : name).append(" (0x");
            TextBits.hex4(sb, prot);
            sb.append(')');
        }
        int optsLen = (verOpt & 0x3f) * 4;
        if (len < optsLen) {
            sb.append(" truncated-geneve - ").append(optsLen - len).append(" bytes missing");
            return;
        }
        int q = p + Geneve.FIXED_LENGTH;
        c.check(q, optsLen);
        if (optsLen > 0) {
            sb.append(", options [").append(optsLen).append(" bytes]");
        }
        q += optsLen;
        len -= optsLen;
        sb.append(": ");
        if (!c.nextByEtherType(prot, q, len)) {
            if (prot == Encapsulations.ETHERTYPE_TEB) {
                c.nextEthernet(q, len);
            } else {
                sb.append("geneve-proto-0x");
                TextBits.hex(sb, prot);
            }
        }
    }
}
