/*
 * ARP for ATM (hardware type 19, RFC 2225) as tcpdump 4.99's atmarp_print shows it: its own
 * header layout with variable-length ATM numbers and subaddresses, printed as colon-separated hex.
 */
package org.overlaylab.packets.format;

final class AtmArpPrinter {
    private AtmArpPrinter() {}

    static void print(TcpdumpPrinter t, int p, int length) {
        t.need(p, 12);
        StringBuilder sb = t.out();
        int hrd = t.shortAt(p);
        int pro = t.shortAt(p + 2);
        int op = t.shortAt(p + 6);
        int shl = t.byteAt(p + 4) & 0x3f;
        int ssl = t.byteAt(p + 5) & 0x3f;
        int spl = t.byteAt(p + 8);
        int thl = t.byteAt(p + 9) & 0x3f;
        int tsl = t.byteAt(p + 10) & 0x3f;
        int tpl = t.byteAt(p + 11);
        int sha = p + 12;
        int ssa = sha + shl;
        int spa = ssa + ssl;
        int tha = spa + spl;
        int tsa = tha + thl;
        int tpa = tsa + tsl;
        t.need(tpa, tpl);
        if (!t.linkLevel()) {
            sb.append("ARP, ");
        }
        boolean ip = pro == 0x0800 || pro == 0x1000;
        if (!ip || spl != 4 || tpl != 4) {
            String proto = EtherTypes.knownName(pro);
            sb.append(ArpNames.hardware(hrd)).append(", ");
            if (proto == null) {
                sb.append(String.format("Unknown Protocol (0x%04x)", pro));
            } else {
                sb.append(proto);
            }
            sb.append(" (len ").append(spl).append('/').append(tpl).append(')');
            sb.append(", length ").append(length);
            return;
        }
        String opName = ArpNames.operation(op);
        sb.append(opName == null ? "Unknown (" + op + ")" : opName).append(' ');
        switch (op) {
            case 1 -> {
                sb.append("who-has ");
                protocolAddress(t, tpa, tpl, pro, "<wrong tplen>");
                if (thl != 0) {
                    sb.append(" (");
                    address(t, tha, thl, tsa, tsl);
                    sb.append(')');
                }
                sb.append(" tell ");
                protocolAddress(t, spa, spl, pro, "<wrong splen>");
            }
            case 2 -> {
                protocolAddress(t, spa, spl, pro, "<wrong splen>");
                sb.append(" is-at ");
                address(t, sha, shl, ssa, ssl);
            }
            case 8 -> {
                sb.append("who-is ");
                address(t, tha, thl, tsa, tsl);
                sb.append(" tell ");
                address(t, sha, shl, ssa, ssl);
            }
            case 9 -> {
                address(t, sha, shl, ssa, ssl);
                sb.append("at ");
                protocolAddress(t, spa, spl, pro, "<wrong splen>");
            }
            case 10 -> {
                sb.append("for ");
                protocolAddress(t, spa, spl, pro, "<wrong splen>");
            }
            default -> {
                t.printDefault(p, t.capturedAfter(p));
                return;
            }
        }
        sb.append(", length ").append(length);
    }

    private static void protocolAddress(TcpdumpPrinter t, int p, int len, int pro, String wrongLength) {
        if (pro != 0x0800 && pro != 0x1000) {
            t.out().append("<wrong proto type>");
        } else if (len != 4) {
            t.out().append(wrongLength);
        } else {
            t.printIpv4Address(p);
        }
    }

    private static void address(TcpdumpPrinter t, int ha, int haLen, int sa, int saLen) {
        if (haLen == 0) {
            t.out().append("<No address>");
            return;
        }
        hex(t, ha, haLen);
        if (saLen != 0) {
            t.out().append(',');
            hex(t, sa, saLen);
        }
    }

    private static void hex(TcpdumpPrinter t, int p, int len) {
        t.need(p, len);
        for (int i = 0; i < len; i++) {
            if (i > 0) {
                t.out().append(':');
            }
            t.printHex2(t.byteAt(p + i));
        }
    }
}
