/*
 * The Multipath TCP option (kind 30) inside "options [...]", as tcpdump 4.99's mptcp_print shows
 * it: " LEN SUBTYPE" then the subtype's fields (capable with version and keys, join, dss with
 * data ack/sequence, add-addr, rem-addr, prio, fail, fast-close). A length that does not fit the
 * subtype and the segment's flags makes tcpdump end the options with "[bad opt]".
 */
package org.overlaylab.packets.format;

final class MptcpOptionPrinter {
    private static final int SYN = 0x02;
    private static final int ACK = 0x10;
    private static final String[] NAMES = {"capable", "join", "dss", "add-addr", "rem-addr", "prio", "fail",
        "fast-close", "unknown"};

    private MptcpOptionPrinter() {}

    /**
     * Prints the option whose kind byte is at `opt`, `len` bytes long, read no further than the
     * option's end; returns false where tcpdump prints "[bad opt]".
     */
    static boolean print(TcpdumpPrinter t, int opt, int len, int flags) {
        int saved = t.snapend();
        t.snapend(Math.min(opt + len, saved));
        try {
            t.protocol("mptcp");
            if (len < 3) {
                return false;
            }
            int subtype = Math.min((t.byteAt(opt + 2) >> 4) & 0xf, 8);
            StringBuilder sb = t.out();
            sb.append(' ').append(len).append(' ').append(NAMES[subtype]);
            return switch (subtype) {
                case 0 -> capable(t, opt, len, flags);
                case 1 -> join(t, opt, len, flags);
                case 2 -> dss(t, opt, len, flags);
                case 3 -> addAddress(t, opt, len);
                case 4 -> removeAddress(t, opt, len);
                case 5 -> priority(t, opt, len);
                case 6 -> {
                    if (len != 12) {
                        yield false;
                    }
                    sb.append(" seq ").append(Long.toUnsignedString(u64(t, opt + 4)));
                    yield true;
                }
                case 7 -> {
                    if (len != 12) {
                        yield false;
                    }
                    sb.append(" key 0x").append(Long.toHexString(u64(t, opt + 4)));
                    yield true;
                }
                default -> true;
            };
        } finally {
            t.snapend(saved);
        }
    }

    private static long u64(TcpdumpPrinter t, int p) {
        return (t.intAt(p) << 32) | t.intAt(p + 4);
    }

    private static boolean capable(TcpdumpPrinter t, int opt, int len, int flags) {
        if (!((len == 12 || len == 4) && (flags & SYN) != 0)
                && !((len == 20 || len == 22) && (flags & (SYN | ACK)) == ACK)) {
            return false;
        }
        StringBuilder sb = t.out();
        int version = t.byteAt(opt + 2) & 0xf;
        if (version > 1) {
            sb.append(" Unknown Version (").append(version).append(')');
            return true;
        }
        sb.append(" v").append(version);
        if ((t.byteAt(opt + 3) & 0x80) != 0) {
            sb.append(" csum");
        }
        if (len == 12 || len >= 20) {
            sb.append(" {0x").append(Long.toHexString(u64(t, opt + 4)));
            if (len >= 20) {
                sb.append(",0x").append(Long.toHexString(u64(t, opt + 12)));
            }
            sb.append('}');
        }
        return true;
    }

    private static boolean join(TcpdumpPrinter t, int opt, int len, int flags) {
        if (!(len == 12 && (flags & SYN) != 0) && !(len == 16 && (flags & (SYN | ACK)) == (SYN | ACK))
                && !(len == 24 && (flags & ACK) != 0)) {
            return false;
        }
        StringBuilder sb = t.out();
        if (len != 24) {
            if ((t.byteAt(opt + 2) & 0x01) != 0) {
                sb.append(" backup");
            }
            sb.append(" id ").append(t.byteAt(opt + 3));
        }
        switch (len) {
            case 12 -> sb.append(" token 0x").append(Long.toHexString(t.intAt(opt + 4))).append(" nonce 0x")
                    .append(Long.toHexString(t.intAt(opt + 8)));
            case 16 -> sb.append(" hmac 0x").append(Long.toHexString(u64(t, opt + 4))).append(" nonce 0x")
                    .append(Long.toHexString(t.intAt(opt + 12)));
            default -> {
                sb.append(" hmac 0x");
                for (int i = 0; i < 20; i++) {
                    t.printHex2(t.byteAt(opt + 4 + i));
                }
            }
        }
        return true;
    }

    private static boolean dss(TcpdumpPrinter t, int opt, int len, int flags) {
        if (len < 4 || (flags & SYN) != 0) {
            return false;
        }
        StringBuilder sb = t.out();
        int f = t.byteAt(opt + 3);
        if ((f & 0x10) != 0) {
            sb.append(" fin");
        }
        int p = opt + 4;
        int left = len - 4;
        if ((f & 0x01) != 0) {
            sb.append(" ack ");
            if ((f & 0x02) != 0) {
                if (left < 8) {
                    return false;
                }
                sb.append(Long.toUnsignedString(u64(t, p)));
                p += 8;
                left -= 8;
            } else {
                if (left < 4) {
                    return false;
                }
                sb.append(t.intAt(p));
                p += 4;
                left -= 4;
            }
        }
        if ((f & 0x04) != 0) {
            sb.append(" seq ");
            if ((f & 0x08) != 0) {
                if (left < 8) {
                    return false;
                }
                sb.append(Long.toUnsignedString(u64(t, p)));
                p += 8;
                left -= 8;
            } else {
                if (left < 4) {
                    return false;
                }
                sb.append(t.intAt(p));
                p += 4;
                left -= 4;
            }
            if (left < 4) {
                return false;
            }
            sb.append(" subseq ").append(t.intAt(p));
            p += 4;
            left -= 4;
            if (left < 2) {
                return false;
            }
            sb.append(" len ").append(t.shortAt(p));
            p += 2;
            left -= 2;
            if (left >= 2) {
                sb.append(" csum 0x").append(Integer.toHexString(t.shortAt(p)));
                left -= 2;
            }
        }
        return left == 0;
    }

    private static boolean addAddress(TcpdumpPrinter t, int opt, int len) {
        if (!(len == 8 || len == 10 || len == 16 || len == 18 || len == 20 || len == 22 || len == 28 || len == 30)) {
            return false;
        }
        StringBuilder sb = t.out();
        String echo = switch (t.byteAt(opt + 2) & 0xf) {
            case 0x6 -> "v0-ip6";
            case 0x4 -> "v0-ip4";
            case 0x1 -> "v1-echo";
            case 0x0 -> "v1";
            default -> "[bad version/echo]";
        };
        sb.append(' ').append(echo).append(" id ").append(t.byteAt(opt + 3));
        int a = opt + 4;
        if (len == 8 || len == 10 || len == 16 || len == 18) {
            sb.append(' ');
            t.printIpv4Address(a);
            if (len == 10 || len == 18) {
                sb.append(':').append(t.shortAt(a + 4));
            }
            if (len == 16) {
                sb.append(" hmac 0x").append(Long.toHexString(u64(t, a + 4)));
            }
            if (len == 18) {
                sb.append(" hmac 0x").append(Long.toHexString(u64(t, a + 6)));
            }
        } else {
            sb.append(' ');
            t.printIpv6Address(a);
            if (len == 22 || len == 30) {
                sb.append(':').append(t.shortAt(a + 16));
            }
            if (len == 28) {
                sb.append(" hmac 0x").append(Long.toHexString(u64(t, a + 16)));
            }
            if (len == 30) {
                sb.append(" hmac 0x").append(Long.toHexString(u64(t, a + 18)));
            }
        }
        return true;
    }

    private static boolean removeAddress(TcpdumpPrinter t, int opt, int len) {
        if (len < 4) {
            return false;
        }
        StringBuilder sb = t.out();
        sb.append(" id");
        for (int i = 0; i < len - 3; i++) {
            sb.append(' ').append(t.byteAt(opt + 3 + i));
        }
        return true;
    }

    private static boolean priority(TcpdumpPrinter t, int opt, int len) {
        if (len != 3 && len != 4) {
            return false;
        }
        StringBuilder sb = t.out();
        sb.append((t.byteAt(opt + 2) & 0x01) != 0 ? " backup" : " non-backup");
        if (len == 4) {
            sb.append(" id ").append(t.byteAt(opt + 3));
        }
        return true;
    }
}
