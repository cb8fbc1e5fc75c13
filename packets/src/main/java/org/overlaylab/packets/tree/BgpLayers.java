/*
 * BGP messages in a TCP segment to or from port 179, as layers of the detail view: one per message
 * (OPEN, UPDATE, NOTIFICATION, KEEPALIVE, ROUTE-REFRESH), with the header and the message's own
 * fields; an UPDATE lists its withdrawn routes, path attributes (origin, AS path, next hop, MED,
 * local preference, communities, multiprotocol reach with its prefixes) and NLRI prefix by prefix,
 * which is what Calico's BIRD and its peers exchange. Bytes that do not start a message (a segment
 * cut in the middle of one) stay a Data layer; a message cut short ends in a Malformed layer.
 */
package org.overlaylab.packets.tree;

import java.util.ArrayList;
import java.util.List;
import org.overlaylab.packets.format.Ip6Text;

final class BgpLayers {
    static final String BGP = "BGP";

    private final byte[] b;
    private final int end;
    private final List<Layer> layers = new ArrayList<>();

    private BgpLayers(byte[] b, int end) {
        this.b = b;
        this.end = end;
    }

    /** The layers of the BGP bytes in [p, end). */
    static List<Layer> decode(byte[] b, int p, int end) {
        BgpLayers d = new BgpLayers(b, Math.min(end, b.length));
        d.messages(p);
        return d.layers;
    }

    private int u8(int p) {
        return b[p] & 0xff;
    }

    private int u16(int p) {
        return (u8(p) << 8) | u8(p + 1);
    }

    private long u32(int p) {
        return ((long) u16(p) << 16) | u16(p + 2);
    }

    private boolean marker(int p) {
        if (p + 16 > end) {
            return false;
        }
        for (int i = 0; i < 16; i++) {
            if (u8(p + i) != 0xff) {
                return false;
            }
        }
        return true;
    }

    private void messages(int p) {
        while (p < end) {
            if (!marker(p)) {
                layers.add(new Layer(LayerTree.DATA, (end - p) + " bytes (not at a BGP message start)", p, end - p,
                        List.of(), false, null));
                return;
            }
            if (p + 19 > end) {
                malformed(p, "BGP header needs 19 bytes, " + (end - p) + " left");
                return;
            }
            int len = u16(p + 16);
            int type = u8(p + 18);
            if (len < 19 || len > 65535) {
                malformed(p, "BGP message length " + len + " is less than its header");
                return;
            }
            if (p + len > end) {
                malformed(p, typeName(type) + " message of " + len + " bytes, " + (end - p) + " captured");
                return;
            }
            List<Field> f = new ArrayList<>();
            f.add(Field.of("Marker", "16 bytes of 0xff", p, 16));
            f.add(Field.of("Length", String.valueOf(len), p + 16, 2));
            f.add(Field.of("Type", typeName(type) + " (" + type + ")", p + 18, 1));
            String summary = switch (type) {
                case 1 -> open(p + 19, p + len, f);
                case 2 -> update(p + 19, p + len, f);
                case 3 -> notification(p + 19, p + len, f);
                case 5 -> routeRefresh(p + 19, p + len, f);
                default -> typeName(type);
            };
            layers.add(new Layer(BGP, summary, p, len, f, false, null));
            p += len;
        }
    }

    private void malformed(int p, String why) {
        layers.add(new Layer(LayerTree.MALFORMED, why, p, end - p, List.of(), true, null));
    }

    static String typeName(int type) {
        return switch (type) {
            case 1 -> "OPEN";
            case 2 -> "UPDATE";
            case 3 -> "NOTIFICATION";
            case 4 -> "KEEPALIVE";
            case 5 -> "ROUTE-REFRESH";
            default -> "type " + type;
        };
    }

    private String open(int p, int e, List<Field> f) {
        if (p + 10 > e) {
            f.add(Field.of("Message", (e - p) + " bytes, too short for an OPEN", p, e - p));
            return "OPEN";
        }
        int as = u16(p + 1);
        f.add(Field.of("Version", String.valueOf(u8(p)), p, 1));
        f.add(Field.of("My AS", String.valueOf(as), p + 1, 2));
        f.add(Field.of("Hold time", u16(p + 3) + " s", p + 3, 2));
        String id = ipv4(p + 5);
        f.add(Field.of("BGP identifier", id, p + 5, 4));
        int optLen = u8(p + 9);
        int q = p + 10;
        int optEnd = Math.min(e, q + optLen);
        List<Field> caps = new ArrayList<>();
        long as4 = -1;
        while (q + 2 <= optEnd) {
            int ptype = u8(q);
            int plen = u8(q + 1);
            if (ptype == 2) {
                for (int c = q + 2; c + 2 <= Math.min(optEnd, q + 2 + plen); ) {
                    int code = u8(c);
                    int clen = u8(c + 1);
                    String name = capabilityName(code);
                    if (code == 65 && clen == 4 && c + 6 <= optEnd) {
                        as4 = u32(c + 2);
                        name += " " + as4;
                    } else if (code == 1 && clen == 4 && c + 6 <= optEnd) {
                        name += " " + afiName(u16(c + 2)) + " " + safiName(u8(c + 5));
                    }
                    caps.add(Field.of("Capability", name, c, Math.min(2 + clen, optEnd - c)));
                    c += 2 + clen;
                }
            }
            q += 2 + plen;
        }
        f.add(new Field("Optional parameters", optLen + " bytes", p + 9, 1 + Math.max(0, optEnd - p - 10), 0, caps));
        return "OPEN, AS " + (as4 >= 0 ? as4 : as) + ", id " + id;
    }

    private String update(int p, int e, List<Field> f) {
        if (p + 2 > e) {
            return "UPDATE";
        }
        int wlen = u16(p);
        f.add(Field.of("Withdrawn routes length", String.valueOf(wlen), p, 2));
        int q = p + 2;
        List<Field> withdrawn = prefixes(q, Math.min(e, q + wlen), 4, "Withdrawn route");
        if (wlen > 0) {
            f.add(new Field("Withdrawn routes", withdrawn.size() + " prefixes", q, Math.min(wlen, e - q), 0, withdrawn));
        }
        q += wlen;
        if (q + 2 > e) {
            return "UPDATE";
        }
        int alen = u16(q);
        f.add(Field.of("Total path attribute length", String.valueOf(alen), q, 2));
        q += 2;
        int attrEnd = Math.min(e, q + alen);
        List<Field> attrs = new ArrayList<>();
        int reach = 0;
        int unreach = 0;
        while (q + 3 <= attrEnd) {
            int flags = u8(q);
            int type = u8(q + 1);
            int hlen = (flags & 0x10) != 0 ? 4 : 3;
            if (q + hlen > attrEnd) {
                break;
            }
            int len = hlen == 4 ? u16(q + 2) : u8(q + 2);
            int v = q + hlen;
            int vEnd = Math.min(attrEnd, v + len);
            List<Field> children = new ArrayList<>();
            String value = attribute(type, v, vEnd, children);
            if (type == 14) {
                reach += children.size();
            } else if (type == 15) {
                unreach += children.size();
            }
            attrs.add(new Field(attributeName(type), value, q, vEnd - q, 0, children));
            q = v + len;
        }
        if (alen > 0) {
            f.add(new Field("Path attributes", attrs.size() + " attributes", p + 4 + wlen,
                    Math.max(0, attrEnd - (p + 4 + wlen)), 0, attrs));
        }
        int nlriStart = Math.min(e, p + 4 + wlen + alen);
        List<Field> nlri = prefixes(nlriStart, e, 4, "Prefix");
        if (!nlri.isEmpty()) {
            f.add(new Field("NLRI", nlri.size() + " prefixes", nlriStart, e - nlriStart, 0, nlri));
        }
        StringBuilder s = new StringBuilder("UPDATE");
        int announced = nlri.size() + reach;
        int gone = withdrawn.size() + unreach;
        if (announced > 0) {
            s.append(", ").append(announced).append(announced == 1 ? " prefix" : " prefixes");
            List<String> shown = new ArrayList<>();
            nlri.stream().limit(3).forEach(x -> shown.add(x.display()));
            if (!shown.isEmpty()) {
                s.append(" (").append(String.join(", ", shown)).append(nlri.size() > 3 ? ", ..." : "").append(')');
            }
        }
        if (gone > 0) {
            s.append(", ").append(gone).append(" withdrawn");
        }
        if (announced == 0 && gone == 0) {
            s.append(", end of RIB");
        }
        return s.toString();
    }

    /** IPv4 (or IPv6, for width 16) prefixes as length and bytes, until `e`. */
    private List<Field> prefixes(int q, int e, int width, String name) {
        List<Field> out = new ArrayList<>();
        while (q < e) {
            int bits = u8(q);
            int bytes = (bits + 7) / 8;
            if (bits > width * 8 || q + 1 + bytes > e) {
                out.add(Field.of(name, "malformed (" + bits + " bits)", q, e - q));
                break;
            }
            byte[] a = new byte[width];
            System.arraycopy(b, q + 1, a, 0, bytes);
            String text = width == 4 ? (a[0] & 0xff) + "." + (a[1] & 0xff) + "." + (a[2] & 0xff) + "." + (a[3] & 0xff)
                    : Ip6Text.format(a, 0);
            out.add(Field.of(name, text + "/" + bits, q, 1 + bytes));
            q += 1 + bytes;
        }
        return out;
    }

    private String attribute(int type, int v, int e, List<Field> children) {
        int len = e - v;
        switch (type) {
            case 1 -> {
                if (len >= 1) {
                    return switch (u8(v)) {
                        case 0 -> "IGP";
                        case 1 -> "EGP";
                        case 2 -> "incomplete";
                        default -> String.valueOf(u8(v));
                    };
                }
            }
            case 2 -> {
                return asPath(v, e);
            }
            case 3 -> {
                if (len == 4) {
                    return ipv4(v);
                }
            }
            case 4, 5 -> {
                if (len == 4) {
                    return String.valueOf(u32(v));
                }
            }
            case 8 -> {
                List<String> c = new ArrayList<>();
                for (int q = v; q + 4 <= e; q += 4) {
                    c.add(u16(q) + ":" + u16(q + 2));
                }
                return String.join(" ", c);
            }
            case 14 -> {
                if (len >= 5) {
                    int afi = u16(v);
                    int safi = u8(v + 2);
                    int nhLen = u8(v + 3);
                    int q = v + 4 + nhLen + 1;
                    if (q <= e) {
                        children.addAll(prefixes(q, e, afi == 2 ? 16 : 4, "Prefix"));
                    }
                    return afiName(afi) + " " + safiName(safi) + ", " + children.size() + " prefixes";
                }
            }
            case 15 -> {
                if (len >= 3) {
                    int afi = u16(v);
                    children.addAll(prefixes(v + 3, e, afi == 2 ? 16 : 4, "Withdrawn route"));
                    return afiName(afi) + " " + safiName(u8(v + 2)) + ", " + children.size() + " withdrawn";
                }
            }
            default -> {
            }
        }
        return len + " bytes";
    }

    /** AS_PATH segments, with 4-byte AS numbers when the lengths say so (as after a 4-byte AS OPEN). */
    private String asPath(int v, int e) {
        int width = asWidth(v, e, 2) ? 2 : asWidth(v, e, 4) ? 4 : 2;
        StringBuilder s = new StringBuilder();
        int q = v;
        while (q + 2 <= e) {
            int segType = u8(q);
            int count = u8(q + 1);
            q += 2;
            if (s.length() > 0) {
                s.append(' ');
            }
            s.append(segType == 1 ? "{" : "");
            for (int i = 0; i < count && q + width <= e; i++, q += width) {
                if (i > 0) {
                    s.append(segType == 1 ? "," : " ");
                }
                s.append(width == 2 ? u16(q) : u32(q));
            }
            s.append(segType == 1 ? "}" : "");
        }
        return s.length() == 0 ? "empty" : s.toString();
    }

    private boolean asWidth(int v, int e, int width) {
        int q = v;
        while (q + 2 <= e) {
            q += 2 + u8(q + 1) * width;
        }
        return q == e;
    }

    private String notification(int p, int e, List<Field> f) {
        if (p + 2 > e) {
            return "NOTIFICATION";
        }
        int code = u8(p);
        int sub = u8(p + 1);
        f.add(Field.of("Error code", errorName(code) + " (" + code + ")", p, 1));
        f.add(Field.of("Error subcode", String.valueOf(sub), p + 1, 1));
        if (p + 2 < e) {
            f.add(Field.of("Data", (e - p - 2) + " bytes", p + 2, e - p - 2));
        }
        return "NOTIFICATION, " + errorName(code) + ", subcode " + sub;
    }

    private String routeRefresh(int p, int e, List<Field> f) {
        if (p + 4 > e) {
            return "ROUTE-REFRESH";
        }
        f.add(Field.of("AFI", afiName(u16(p)), p, 2));
        f.add(Field.of("SAFI", safiName(u8(p + 3)), p + 3, 1));
        return "ROUTE-REFRESH, " + afiName(u16(p)) + " " + safiName(u8(p + 3));
    }

    private String ipv4(int p) {
        return u8(p) + "." + u8(p + 1) + "." + u8(p + 2) + "." + u8(p + 3);
    }

    private static String attributeName(int type) {
        return switch (type) {
            case 1 -> "ORIGIN";
            case 2 -> "AS_PATH";
            case 3 -> "NEXT_HOP";
            case 4 -> "MULTI_EXIT_DISC";
            case 5 -> "LOCAL_PREF";
            case 6 -> "ATOMIC_AGGREGATE";
            case 7 -> "AGGREGATOR";
            case 8 -> "COMMUNITIES";
            case 9 -> "ORIGINATOR_ID";
            case 10 -> "CLUSTER_LIST";
            case 14 -> "MP_REACH_NLRI";
            case 15 -> "MP_UNREACH_NLRI";
            case 16 -> "EXTENDED_COMMUNITIES";
            case 17 -> "AS4_PATH";
            case 18 -> "AS4_AGGREGATOR";
            case 32 -> "LARGE_COMMUNITIES";
            default -> "attribute " + type;
        };
    }

    private static String capabilityName(int code) {
        return switch (code) {
            case 1 -> "Multiprotocol";
            case 2 -> "Route refresh";
            case 6 -> "Extended message";
            case 64 -> "Graceful restart";
            case 65 -> "4-byte AS";
            case 69 -> "ADD-PATH";
            case 70 -> "Enhanced route refresh";
            case 71 -> "Long-lived graceful restart";
            case 73 -> "FQDN";
            default -> "capability " + code;
        };
    }

    private static String afiName(int afi) {
        return switch (afi) {
            case 1 -> "IPv4";
            case 2 -> "IPv6";
            case 25 -> "L2VPN";
            default -> "AFI " + afi;
        };
    }

    private static String safiName(int safi) {
        return switch (safi) {
            case 1 -> "unicast";
            case 2 -> "multicast";
            case 4 -> "labeled unicast";
            case 70 -> "EVPN";
            case 128 -> "VPN";
            default -> "SAFI " + safi;
        };
    }

    private static String errorName(int code) {
        return switch (code) {
            case 1 -> "Message header error";
            case 2 -> "OPEN message error";
            case 3 -> "UPDATE message error";
            case 4 -> "Hold timer expired";
            case 5 -> "Finite state machine error";
            case 6 -> "Cease";
            case 7 -> "ROUTE-REFRESH message error";
            default -> "error " + code;
        };
    }
}
