/*
 * DNS as tcpdump 4.99's domain_print shows it without -v: over UDP (port 53, and mDNS on 5353
 * with its QU/QM and cache-flush bits) and over TCP (the two-byte length prefix checked first).
 * A query prints its id, flags, counts that are not the usual ones and its question; a response
 * its id, opcode, rcode (extended by an OPT record), flags, counts and every answer: A, AAAA,
 * CNAME, NS, PTR, MX, TXT, SRV, OPT with its EDNS options, and the type name for the rest.
 * Docker's embedded DNS server (127.0.0.11) answers in the same format, so it prints the same.
 */
package org.overlaylab.packets.format;

import java.util.Locale;

final class DnsPrinter {
    private static final String[] OPS = {
        "", " inv_q", " stat", " op3", " notify", " update", " op6", " op7",
        " op8", " updateA", " updateD", " updateDA", " updateM", " updateMA", " zoneInit", " zoneRef",
    };
    /** tcpdump's ns_resp table, including its two entries without a leading space (17 and 21). */
    private static final String[] RCODES = {
        "", " FormErr", " ServFail", " NXDomain", " NotImp", " Refused", " YXDomain", " YXRRSet",
        " NXRRSet", " NotAuth", " NotZone", " Resp11", " Resp12", " Resp13", " Resp14", " NoChange",
        " BadVers", "Resp17", " Resp18", " Resp19", " Resp20", "Resp21", " Resp22", " BadCookie",
    };
    private static final int MAXCDNAME = 255;
    private static final int T_OPT = 41;

    private final TcpdumpPrinter t;
    private final StringBuilder sb;
    private final boolean mdns;

    private DnsPrinter(TcpdumpPrinter t, boolean mdns) {
        this.t = t;
        this.sb = t.out();
        this.mdns = mdns;
    }

    /** Prints the DNS message at bp (after the UDP header, or after the TCP header with its length prefix). */
    static void print(TcpdumpPrinter t, int bp, int length, boolean overTcp, boolean mdns) {
        new DnsPrinter(t, mdns).domain(bp, length, overTcp);
    }

    private void domain(int bp, int length, boolean overTcp) {
        t.protocol("domain");
        if (overTcp) {
            if (length < 2) {
                sb.append(" [DNS over TCP: length ").append(length).append(" < 2] (invalid)");
                return;
            }
            length -= 2;
            int prefix = t.shortAt(bp);
            if (prefix != length) {
                sb.append(" [prefix length(").append(prefix).append(") != length(").append(length)
                        .append(")] (invalid)");
                return;
            }
            bp += 2;
            sb.append(' ');
        }
        if (length < 12) {
            sb.append("domain [length ").append(length).append(" < 12] (invalid)");
            return;
        }
        t.need(bp, 12);
        int flags = t.shortAt(bp + 2);
        int qd = t.shortAt(bp + 4);
        int an = t.shortAt(bp + 6);
        int ns = t.shortAt(bp + 8);
        int ar = t.shortAt(bp + 10);
        int rcode = extendedRcode(bp, flags, qd, an, ns, ar);
        int id = t.shortAt(bp);
        int end = t.snapend();
        if ((flags & 0x8000) != 0) {
            sb.append(id).append(OPS[(flags >> 11) & 0xf]).append(rcodeText(rcode))
                    .append((flags & 0x0400) != 0 ? "*" : "").append((flags & 0x0080) != 0 ? "" : "-")
                    .append((flags & 0x0200) != 0 ? "|" : "").append((flags & 0x0020) != 0 ? "$" : "");
            if (qd != 1) {
                sb.append(" [").append(qd).append("q]");
            }
            int cp = bp + 12;
            for (int i = 0; i < qd; i++) {
                if (i != 0) {
                    sb.append(',');
                }
                cp = skipName(cp);
                if (cp < 0) {
                    throw t.truncated();
                }
                cp += 4;
            }
            sb.append(' ').append(an).append('/').append(ns).append('/').append(ar);
            if (an > 0) {
                cp = record(cp, bp);
                if (cp < 0) {
                    throw t.truncated();
                }
                an--;
                while (cp < end && an > 0) {
                    sb.append(',');
                    cp = record(cp, bp);
                    if (cp < 0) {
                        throw t.truncated();
                    }
                    an--;
                }
            }
            if (an > 0) {
                throw t.truncated();
            }
        } else {
            sb.append(id).append(OPS[(flags >> 11) & 0xf]).append((flags & 0x0100) != 0 ? "+" : "")
                    .append((flags & 0x0010) != 0 ? "%" : "");
            if ((flags & 0x6cf) != 0) {
                sb.append(" [b2&3=0x").append(Integer.toHexString(flags)).append(']');
            }
            if (((flags >> 11) & 0xf) == 1) {
                if (qd != 0) {
                    sb.append(" [").append(qd).append("q]");
                }
                if (an != 1) {
                    sb.append(" [").append(an).append("a]");
                }
            } else {
                if (an != 0) {
                    sb.append(" [").append(an).append("a]");
                }
                if (qd != 1) {
                    sb.append(" [").append(qd).append("q]");
                }
            }
            if (ns != 0) {
                sb.append(" [").append(ns).append("n]");
            }
            if (ar != 0) {
                sb.append(" [").append(ar).append("au]");
            }
            int cp = bp + 12;
            if (qd > 0) {
                cp = question(cp, bp);
                if (cp < 0) {
                    throw t.truncated();
                }
                qd--;
                while (cp < end && qd > 0) {
                    cp = question(cp, bp);
                    if (cp < 0) {
                        throw t.truncated();
                    }
                    qd--;
                }
            }
            if (qd > 0) {
                throw t.truncated();
            }
        }
        sb.append(" (").append(length).append(')');
    }

    private static String rcodeText(int rcode) {
        return rcode < RCODES.length ? RCODES[rcode] : " Resp" + (rcode & 0xfff);
    }

    /** The rcode, its upper bits taken from the first OPT record when the walk gets that far. */
    private int extendedRcode(int bp, int flags, int qd, int an, int ns, int ar) {
        int rcode = flags & 0xf;
        int end = t.snapend();
        int cp = bp + 12;
        for (int i = 0; i < qd; i++) {
            cp = skipName(cp);
            if (cp < 0) {
                return rcode;
            }
            cp += 4;
            if (cp >= end) {
                return rcode;
            }
        }
        for (long i = 0; i < (long) an + ns; i++) {
            cp = skipName(cp);
            if (cp < 0) {
                return rcode;
            }
            cp += 8;
            if (cp + 2 > end) {
                return rcode;
            }
            cp += 2 + t.shortAt(cp);
            if (cp >= end) {
                return rcode;
            }
        }
        for (int i = 0; i < ar; i++) {
            cp = skipName(cp);
            if (cp < 0 || cp + 2 > end) {
                return rcode;
            }
            int type = t.shortAt(cp);
            cp += 4;
            if (cp + 1 > end) {
                return rcode;
            }
            if (type == T_OPT) {
                return rcode | (t.byteAt(cp) << 4);
            }
            cp += 4;
            if (cp + 2 > end) {
                return rcode;
            }
            cp += 2 + t.shortAt(cp);
            if (cp >= end) {
                return rcode;
            }
        }
        return rcode;
    }

    /** ns_nskip: the offset after a name, or -1 when it cannot be walked. */
    private int skipName(int cp) {
        if (!t.captured(cp, 1)) {
            return -1;
        }
        int i = t.byteAt(cp);
        cp++;
        while (i != 0) {
            switch (i & 0xc0) {
                case 0xc0 -> {
                    return cp + 1;
                }
                case 0x40 -> {
                    if ((i & 0x3f) != 0x01) {
                        return -1;
                    }
                    if (!t.captured(cp, 1)) {
                        return -1;
                    }
                    int bitlen = t.byteAt(cp);
                    if (bitlen == 0) {
                        bitlen = 256;
                    }
                    cp++;
                    cp += (bitlen + 7) / 8;
                }
                case 0x80 -> {
                    return -1;
                }
                default -> cp += i;
            }
            if (!t.captured(cp, 1)) {
                return -1;
            }
            i = t.byteAt(cp);
            cp++;
        }
        return cp;
    }

    /** ns_qprint: " TYPE[ CLASS][ (QU|QM)]? name"; the offset after the question, or -1. */
    private int question(int cp, int bp) {
        int np = cp;
        cp = skipName(cp);
        if (cp < 0 || !t.captured(cp, 4)) {
            return -1;
        }
        int type = t.shortAt(cp);
        sb.append(' ').append(typeName(type));
        int raw = t.shortAt(cp + 2);
        int cls = mdns ? raw & ~0x8000 : raw;
        if (cls != 1) {
            sb.append(' ').append(className(cls));
        }
        if (mdns) {
            sb.append((raw & 0x8000) != 0 ? " (QU)" : " (QM)");
        }
        sb.append("? ");
        int after = fqdn(np, bp);
        return after < 0 ? -1 : after + 4;
    }

    /** ns_rprint without -v: " TYPE data"; the offset after the record, or -1 when it is cut short. */
    private int record(int cp, int bp) {
        int end = t.snapend();
        cp = skipName(cp);
        if (cp < 0 || !t.captured(cp, 10)) {
            return end;
        }
        int type = t.shortAt(cp);
        int raw = t.shortAt(cp + 2);
        int cls = mdns ? raw & ~0x8000 : raw;
        if (cls != 1 && type != T_OPT) {
            sb.append(' ').append(className(cls));
        }
        if (mdns && (raw & 0x8000) != 0) {
            sb.append(" (Cache flush)");
        }
        int optFlags = 0;
        if (type == T_OPT) {
            optFlags = t.shortAt(cp + 6);
        }
        cp += 8;
        int len = t.shortAt(cp);
        cp += 2;
        int rp = cp + len;
        sb.append(' ').append(typeName(type));
        if (rp > end) {
            return -1;
        }
        switch (type) {
            case 1 -> {
                if (!t.captured(cp, 4)) {
                    return -1;
                }
                sb.append(' ');
                t.printIpv4Address(cp);
            }
            case 2, 5, 12, 39 -> {
                sb.append(' ');
                if (fqdn(cp, bp) < 0) {
                    return -1;
                }
            }
            case 15 -> {
                sb.append(' ');
                if (!t.captured(cp, 2)) {
                    return -1;
                }
                if (fqdn(cp + 2, bp) < 0) {
                    return -1;
                }
                sb.append(' ').append(t.shortAt(cp));
            }
            case 16 -> {
                while (cp < rp) {
                    sb.append(" \"");
                    cp = characterString(cp);
                    if (cp < 0) {
                        return -1;
                    }
                    sb.append('"');
                }
            }
            case 33 -> {
                sb.append(' ');
                if (!t.captured(cp, 6)) {
                    return -1;
                }
                if (fqdn(cp + 6, bp) < 0) {
                    return -1;
                }
                sb.append(':').append(t.shortAt(cp + 4)).append(' ').append(t.shortAt(cp)).append(' ')
                        .append(t.shortAt(cp + 2));
            }
            case 28 -> {
                if (!t.captured(cp, 16)) {
                    return -1;
                }
                sb.append(' ');
                t.printIpv6Address(cp);
            }
            case 38 -> {
                if (!a6(cp, bp)) {
                    return -1;
                }
            }
            case 256 -> {
                if (!t.captured(cp, len)) {
                    return -1;
                }
                sb.append(' ').append(t.shortAt(cp)).append(' ').append(t.shortAt(cp + 2)).append(' ');
                if (!printn(cp + 4, len - 4)) {
                    return -1;
                }
            }
            case T_OPT -> {
                sb.append(" UDPsize=").append(cls);
                if ((optFlags & 0x8000) != 0) {
                    sb.append(" DO");
                }
                if (cp < rp) {
                    sb.append(" [");
                    while (cp < rp) {
                        cp = ednsOption(cp);
                        if (cp < 0) {
                            return -1;
                        }
                        if (cp < rp) {
                            sb.append(',');
                        }
                    }
                    sb.append(']');
                }
            }
            case 104 -> {
                if (!t.captured(cp, len)) {
                    return -1;
                }
                if (!printn(cp, len)) {
                    return -1;
                }
            }
            case 250 -> {
                if (cp + len > end) {
                    return -1;
                }
            }
            default -> {
            }
        }
        return rp;
    }

    private boolean a6(int cp, int bp) {
        if (!t.captured(cp, 1)) {
            return false;
        }
        int pbit = t.byteAt(cp);
        int pbyte = (pbit & ~7) / 8;
        if (pbit > 128) {
            sb.append(' ').append(pbit).append("(bad plen)");
            return true;
        } else if (pbit < 128) {
            byte[] a = new byte[16];
            for (int i = pbyte; i < 16; i++) {
                a[i] = (byte) t.byteAt(cp + 1 + i - pbyte);
            }
            sb.append(' ').append(pbit).append(' ');
            Ip6Text.append(sb, a, 0);
        }
        if (pbit > 0) {
            sb.append(' ');
            return fqdn(cp + 1 + 16 - pbyte, bp) >= 0;
        }
        return true;
    }

    /** ns_cprint: a length-prefixed string; the offset after it, or -1. */
    private int characterString(int cp) {
        if (!t.captured(cp, 1)) {
            return -1;
        }
        int n = t.byteAt(cp);
        cp++;
        if (!printn(cp, n)) {
            return -1;
        }
        return cp + n;
    }

    /** nd_printn: n bytes as tcpdump's safe printer shows them; false when they run past the capture. */
    private boolean printn(int s, int n) {
        int end = t.snapend();
        while (n > 0 && s < end) {
            n--;
            printChar(t.byteAt(s));
            s++;
        }
        return n == 0;
    }

    private void printChar(int c) {
        if (c >= 0x80) {
            c &= 0x7f;
            sb.append("M-");
        }
        if (c < 0x20 || c == 0x7f) {
            c ^= 0x40;
            sb.append('^');
        }
        sb.append((char) c);
    }

    /** The length fqdn_print gives a label, -1 (after printing why) when it is not a label it knows. */
    private int labelLength(int cp) {
        if (!t.captured(cp, 1)) {
            return -1;
        }
        int i = t.byteAt(cp);
        switch (i & 0xc0) {
            case 0x40 -> {
                int elt = i & 0x3f;
                if (elt != 0x01) {
                    sb.append("<ELT ").append(elt).append('>');
                    return -1;
                }
                if (!t.captured(cp + 1, 1)) {
                    return -1;
                }
                int bitlen = t.byteAt(cp + 1);
                if (bitlen == 0) {
                    bitlen = 256;
                }
                return (bitlen + 7) / 8 + 1;
            }
            case 0xc0, 0x00 -> {
                return i;
            }
            default -> {
                sb.append("<BAD LABEL TYPE>");
                return -1;
            }
        }
    }

    /** fqdn_print: a (possibly compressed) name with its trailing dot; the offset after it in place, or -1. */
    private int fqdn(int cp, int bp) {
        int l = labelLength(cp);
        if (l < 0) {
            return -1;
        }
        if (!t.captured(cp, 1)) {
            return -1;
        }
        int maxOffset = cp - bp;
        int i = t.byteAt(cp);
        cp++;
        int rp = -1;
        boolean compress = false;
        if ((i & 0xc0) != 0xc0) {
            rp = cp + l;
        }
        int nameChars = 0;
        if (i != 0) {
            int end = t.snapend();
            while (i != 0 && cp < end) {
                switch (i & 0xc0) {
                    case 0xc0 -> {
                        if (!compress) {
                            rp = cp + 1;
                            compress = true;
                        }
                        if (!t.captured(cp, 1)) {
                            return -1;
                        }
                        int offset = ((i << 8) | t.byteAt(cp)) & 0x3fff;
                        if (offset >= maxOffset) {
                            sb.append("<BAD PTR>");
                            return -1;
                        }
                        maxOffset = offset;
                        cp = bp + offset;
                        if (!t.captured(cp, 1)) {
                            return -1;
                        }
                        i = t.byteAt(cp);
                        l = labelLength(cp);
                        if (l < 0) {
                            return -1;
                        }
                        cp++;
                        continue;
                    }
                    case 0x40 -> {
                        if ((i & 0x3f) != 0x01) {
                            sb.append("<ELT ").append(i & 0x3f).append('>');
                            return -1;
                        }
                        if (!bitLabel(cp)) {
                            return -1;
                        }
                    }
                    case 0x80 -> {
                        sb.append("<BAD LABEL TYPE>");
                        return -1;
                    }
                    default -> {
                        if (nameChars + l <= MAXCDNAME) {
                            if (!printn(cp, l)) {
                                return -1;
                            }
                        } else if (nameChars < MAXCDNAME) {
                            if (!printn(cp, MAXCDNAME - nameChars)) {
                                return -1;
                            }
                        }
                        nameChars += l;
                    }
                }
                cp += l;
                if (nameChars <= MAXCDNAME) {
                    sb.append('.');
                }
                nameChars++;
                if (!t.captured(cp, 1)) {
                    return -1;
                }
                i = t.byteAt(cp);
                l = labelLength(cp);
                if (l < 0) {
                    return -1;
                }
                cp++;
                if (!compress) {
                    rp += l + 1;
                }
            }
            if (nameChars > MAXCDNAME) {
                sb.append("<DOMAIN NAME TOO LONG>");
            }
        } else {
            sb.append('.');
        }
        return rp;
    }

    /** blabel_print: an EDNS0 bit-string label as \[xHEX/BITS]. */
    private boolean bitLabel(int cp) {
        if (!t.captured(cp, 1)) {
            return false;
        }
        int bitlen = t.byteAt(cp);
        if (bitlen == 0) {
            bitlen = 256;
        }
        int slen = (bitlen + 3) / 4;
        int lim = cp + 1 + slen;
        sb.append("\\[x");
        int bitp = cp + 1;
        int b = bitlen;
        for (; bitp < lim && b > 7; b -= 8, bitp++) {
            t.printHex2(t.byteAt(bitp));
        }
        if (b > 4) {
            int tc = t.byteAt(bitp);
            t.printHex2(tc & (0xff << (8 - b)) & 0xff);
        } else if (b > 0) {
            int tc = t.byteAt(bitp);
            sb.append(Character.forDigit(((tc >> 4) & 0x0f) & (0x0f << (4 - b)) & 0x0f, 16));
        }
        sb.append('/').append(bitlen).append(']');
        return true;
    }

    // ---------------------------------------------------------------- EDNS options

    private int ednsOption(int cp) {
        if (!t.captured(cp, 2)) {
            return -1;
        }
        int opt = t.shortAt(cp);
        cp += 2;
        sb.append(optionName(opt));
        if (!t.captured(cp, 2)) {
            return -1;
        }
        int len = t.shortAt(cp);
        cp += 2;
        if (!t.captured(cp, len)) {
            return -1;
        }
        if (len > 0) {
            sb.append(' ');
            switch (opt) {
                case 8 -> clientSubnet(cp, len);
                case 10 -> {
                    if (len < 8 || (len > 8 && len < 16) || len > 40) {
                        sb.append(" (invalid)");
                    } else {
                        for (int i = 0; i < len; i++) {
                            if (i == 8) {
                                sb.append(' ');
                            }
                            t.printHex2(t.byteAt(cp + i));
                        }
                    }
                }
                case 11 -> {
                    if (len != 2) {
                        sb.append(" (invalid)");
                    } else {
                        sb.append(String.format(Locale.ROOT, "%.1f sec", t.shortAt(cp) / 10.0));
                    }
                }
                case 9 -> {
                    if (len != 4) {
                        sb.append(" (invalid)");
                    } else {
                        sb.append(t.intAt(cp)).append(" sec");
                    }
                }
                case 12 -> sb.append('(').append(len).append(')');
                case 14 -> {
                    if (len % 2 != 0) {
                        sb.append(" (invalid)");
                    } else {
                        for (int i = 0; i < len; i += 2) {
                            if (i > 0) {
                                sb.append(' ');
                            }
                            sb.append(t.shortAt(cp + i));
                        }
                    }
                }
                case 5, 6, 7 -> {
                    for (int i = 0; i < len; i++) {
                        if (i > 0) {
                            sb.append(' ');
                        }
                        sb.append(algorithm(opt, t.byteAt(cp + i)));
                    }
                }
                case 13 -> fqdn(cp, cp + len);
                default -> {
                    for (int i = 0; i < len; i++) {
                        t.printHex2(t.byteAt(cp + i));
                    }
                }
            }
        }
        return cp + len;
    }

    private void clientSubnet(int cp, int len) {
        if (len < 4) {
            sb.append(" (invalid)");
            return;
        }
        int family = t.shortAt(cp);
        int src = t.byteAt(cp + 2);
        int scope = t.byteAt(cp + 3);
        int bits;
        if (family == 1) {
            bits = 32;
        } else if (family == 2) {
            bits = 128;
        } else {
            sb.append(" (invalid)");
            return;
        }
        if (len - 4 > bits / 8 || src > bits || scope > bits || (src + 7) / 8 != len - 4) {
            sb.append(" (invalid)");
            return;
        }
        byte[] padded = new byte[16];
        for (int i = 0; i < len - 4; i++) {
            padded[i] = (byte) t.byteAt(cp + 4 + i);
        }
        if (family == 1) {
            sb.append(padded[0] & 0xff).append('.').append(padded[1] & 0xff).append('.').append(padded[2] & 0xff)
                    .append('.').append(padded[3] & 0xff);
        } else {
            Ip6Text.append(sb, padded, 0);
        }
        sb.append('/').append(src).append('/').append(scope);
    }

    private static String optionName(int opt) {
        return switch (opt) {
            case 1 -> "LLQ";
            case 2 -> "UL";
            case 3 -> "NSID";
            case 5 -> "DAU";
            case 6 -> "DHU";
            case 7 -> "N3U";
            case 8 -> "ECS";
            case 9 -> "EXPIRE";
            case 10 -> "COOKIE";
            case 11 -> "KEEPALIVE";
            case 12 -> "PADDING";
            case 13 -> "CHAIN";
            case 14 -> "KEY-TAG";
            case 16 -> "CLIENT-TAG";
            case 17 -> "SERVER-TAG";
            default -> "Opt" + opt;
        };
    }

    private static String algorithm(int option, int alg) {
        String name = switch (option) {
            case 5 -> switch (alg) {
                case 0 -> "DELETE";
                case 1 -> "RSAMD5";
                case 2 -> "DH";
                case 3 -> "DS";
                case 5 -> "RSASHA1";
                case 6 -> "DSA-NSEC3-SHA1";
                case 7 -> "RSASHA1-NSEC3-SHA1";
                case 8 -> "RSASHA256";
                case 10 -> "RSASHA512";
                case 12 -> "ECC-GOST";
                case 13 -> "ECDSAP256SHA256";
                case 14 -> "ECDSAP384SHA384";
                case 15 -> "ED25519";
                case 16 -> "ED448";
                case 252 -> "INDIRECT";
                case 253 -> "PRIVATEDNS";
                case 254 -> "PRIVATEOID";
                default -> null;
            };
            case 6 -> switch (alg) {
                case 1 -> "SHA-1";
                case 2 -> "SHA-256";
                case 3 -> "GOST_R_34.11-94";
                case 4 -> "SHA-384";
                default -> null;
            };
            default -> alg == 1 ? "SHA-1" : null;
        };
        return name == null ? "Alg_" + alg : name;
    }

    private static String className(int cls) {
        return switch (cls) {
            case 1 -> "IN";
            case 3 -> "CHAOS";
            case 4 -> "HS";
            case 255 -> "ANY";
            default -> "(Class " + cls + ")";
        };
    }

    static String typeName(int type) {
        return switch (type) {
            case 1 -> "A";
            case 2 -> "NS";
            case 3 -> "MD";
            case 4 -> "MF";
            case 5 -> "CNAME";
            case 6 -> "SOA";
            case 7 -> "MB";
            case 8 -> "MG";
            case 9 -> "MR";
            case 10 -> "NULL";
            case 11 -> "WKS";
            case 12 -> "PTR";
            case 13 -> "HINFO";
            case 14 -> "MINFO";
            case 15 -> "MX";
            case 16 -> "TXT";
            case 17 -> "RP";
            case 18 -> "AFSDB";
            case 19 -> "X25";
            case 20 -> "ISDN";
            case 21 -> "RT";
            case 22 -> "NSAP";
            case 23 -> "NSAP_PTR";
            case 24 -> "SIG";
            case 25 -> "KEY";
            case 26 -> "PX";
            case 27 -> "GPOS";
            case 28 -> "AAAA";
            case 29 -> "LOC";
            case 30 -> "NXT";
            case 31 -> "EID";
            case 32 -> "NIMLOC";
            case 33 -> "SRV";
            case 34 -> "ATMA";
            case 35 -> "NAPTR";
            case 36 -> "KX";
            case 37 -> "CERT";
            case 38 -> "A6";
            case 39 -> "DNAME";
            case 40 -> "SINK";
            case 41 -> "OPT";
            case 42 -> "APL";
            case 43 -> "DS";
            case 44 -> "SSHFP";
            case 45 -> "IPSECKEY";
            case 46 -> "RRSIG";
            case 47 -> "NSEC";
            case 48 -> "DNSKEY";
            case 99 -> "SPF";
            case 100 -> "UINFO";
            case 101 -> "UID";
            case 102 -> "GID";
            case 103 -> "UNSPEC";
            case 104 -> "UNSPECA";
            case 249 -> "TKEY";
            case 250 -> "TSIG";
            case 251 -> "IXFR";
            case 252 -> "AXFR";
            case 253 -> "MAILB";
            case 254 -> "MAILA";
            case 255 -> "ANY";
            case 256 -> "URI";
            default -> "Type" + type;
        };
    }
}
