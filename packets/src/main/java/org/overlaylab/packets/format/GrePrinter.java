/*
 * GRE as tcpdump 4.99's gre_print shows it without -v: version 0 with its optional offset, key,
 * sequence number and RFC 1701 source routes, version 1 (PPTP) with call ID, sequence and
 * acknowledgment; then IPv4, IPv6 or an Ethernet frame (0x6558) on the same line.
 */
package org.overlaylab.packets.format;

import org.overlaylab.packets.encap.Encapsulations;

final class GrePrinter implements TunnelPrinter {

    @Override
    public void print(TunnelCursor c, int p, int length) {
        c.protocol("gre");
        c.check(p, 2);
        if (length < 2) {
            throw c.truncated();
        }
        int flags = c.u16(p);
        int vers = flags & 0x7;
        c.out().append("GREv").append(vers);
        if (vers == 0) {
            gre0(c, p, length);
        } else if (vers == 1) {
            gre1(c, p, length);
        } else {
            c.out().append(" ERROR: unknown-version");
        }
    }

    private static void gre0(TunnelCursor c, int p, int length) {
        int len = length;
        int flags = c.u16(p);
        len -= 2;
        p += 2;
        c.check(p, 2);
        if (len < 2) {
            throw c.truncated();
        }
        int prot = c.u16(p);
        len -= 2;
        p += 2;
        if ((flags & 0x8000) != 0 || (flags & 0x4000) != 0) {
            c.check(p, 2);
            if (len < 2) {
                throw c.truncated();
            }
            p += 2;
            len -= 2;
            c.check(p, 2);
            if (len < 2) {
                throw c.truncated();
            }
            c.out().append(", off 0x");
            TextBits.hex(c.out(), c.u16(p));
            p += 2;
            len -= 2;
        }
        if ((flags & 0x2000) != 0) {
            c.check(p, 4);
            if (len < 4) {
                throw c.truncated();
            }
            c.out().append(", key=0x");
            TextBits.hex(c.out(), c.u32(p));
            p += 4;
            len -= 4;
        }
        if ((flags & 0x1000) != 0) {
            c.check(p, 4);
            if (len < 4) {
                throw c.truncated();
            }
            c.out().append(", seq ").append(c.u32(p));
            p += 4;
            len -= 4;
        }
        if ((flags & 0x4000) != 0) {
            while (true) {
                c.check(p, 4);
                if (len < 4) {
                    throw c.truncated();
                }
                int af = c.u16(p);
                int sreoff = c.u8(p + 2);
                int srelen = c.u8(p + 3);
                p += 4;
                len -= 4;
                if (af == 0 && srelen == 0) {
                    break;
                }
                greSre(c, af, sreoff, srelen, p, len);
                if (len < srelen) {
                    throw c.truncated();
                }
                p += srelen;
                len -= srelen;
            }
        }
        if (c.linkLevel()) {
            c.out().append(", proto ");
            String name = EtherTypes.knownName(prot);
            c.out().append(name == null ? "unknown" : name).append(" (0x");
            TextBits.hex4(c.out(), prot);
            c.out().append(')');
        }
        c.out().append(", length ").append(length).append(": ");
        switch (prot) {
            case Encapsulations.ETHERTYPE_IPV4 -> c.nextIpv4(p, len);
            case Encapsulations.ETHERTYPE_IPV6 -> c.nextIpv6(p, len);
            case Encapsulations.ETHERTYPE_TEB -> c.nextEthernet(p, len);
            default -> {
                c.out().append("gre-proto-0x");
                TextBits.hex(c.out(), prot);
            }
        }
    }

    private static void greSre(TunnelCursor c, int af, int sreoff, int srelen, int p, int len) {
        if (af == Encapsulations.ETHERTYPE_IPV4) {
            c.out().append(", (rtaf=ip");
            if (srelen % 4 != 0 || sreoff % 4 != 0 || sreoff >= srelen) {
                c.out().append(" badlen ").append(srelen).append(')');
                return;
            }
            while (srelen != 0) {
                c.check(p, 4);
                if (len < 4) {
                    throw c.truncated();
                }
                c.out().append(' ');
                c.ipv4(p);
                if (sreoff == 0) {
                    c.out().append('*');
                }
                p += 4;
                len -= 4;
                srelen -= 4;
                sreoff -= 4;
            }
            c.out().append(')');
        } else if (af == 0xfffe) {
            c.out().append(", (rtaf=asn");
            if (srelen % 2 != 0 || sreoff % 2 != 0 || sreoff >= srelen) {
                c.out().append(" badlen ").append(srelen).append(')');
                return;
            }
            while (srelen != 0) {
                c.check(p, 2);
                if (len < 2) {
                    throw c.truncated();
                }
                c.out().append(' ').append(c.u16(p));
                if (sreoff == 0) {
                    c.out().append('*');
                }
                p += 2;
                len -= 2;
                srelen -= 2;
                sreoff -= 2;
            }
            c.out().append(')');
        } else {
            c.out().append(", (rtaf=0x");
            TextBits.hex(c.out(), af);
            c.out().append(')');
        }
    }

    private static void gre1(TunnelCursor c, int p, int length) {
        int len = length;
        int flags = c.u16(p);
        len -= 2;
        p += 2;
        c.check(p, 2);
        if (len < 2) {
            throw c.truncated();
        }
        int prot = c.u16(p);
        len -= 2;
        p += 2;
        if ((flags & 0x2000) != 0) {
            c.check(p, 4);
            if (len < 4) {
                throw c.truncated();
            }
            c.out().append(", call ").append(c.u16(p + 2));
            p += 4;
            len -= 4;
        } else {
            c.out().append(", (ERROR: K flag not set)");
        }
        if ((flags & 0x1000) != 0) {
            c.check(p, 4);
            if (len < 4) {
                throw c.truncated();
            }
            c.out().append(", seq ").append(c.u32(p));
            p += 4;
            len -= 4;
        }
        if ((flags & 0x0080) != 0) {
            c.check(p, 4);
            if (len < 4) {
                throw c.truncated();
            }
            c.out().append(", ack ").append(c.u32(p));
            p += 4;
            len -= 4;
        }
        if ((flags & 0x1000) == 0) {
            c.out().append(", no-payload");
        }
        if (c.linkLevel()) {
            c.out().append(", proto ");
            String name = EtherTypes.knownName(prot);
            c.out().append(name == null ? "unknown" : name).append(" (0x");
            TextBits.hex4(c.out(), prot);
            c.out().append(')');
        }
        c.out().append(", length ").append(length);
        if ((flags & 0x1000) == 0) {
            return;
        }
        c.out().append(": ");
        if (prot == 0x880b) {
            c.out().append("PPP");
            throw c.truncated();
        }
        c.out().append("gre-proto-0x");
        TextBits.hex(c.out(), prot);
    }
}
