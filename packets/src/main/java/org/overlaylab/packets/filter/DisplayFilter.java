/*
 * The packet list's display filter: a small tcpdump-like expression language. The same language,
 * parsed with parseCapture, is tcpdump's capture filter (pcap-filter) for the simulator's tcpdump:
 * there terms see only the outer headers, and pcap-filter's forms "udp port N", "proto gre",
 * "ip proto N" and "net A/len" are accepted too.
 *
 *   filter  := or
 *   or      := and { ("or" | "||") and }
 *   and     := not { ("and" | "&&") not }
 *   not     := ("not" | "!") not | primary
 *   primary := "(" or ")" | PROTOCOL | ["src" | "dst"] "host" ADDRESS
 *            | ["src" | "dst"] "port" NUMBER | "vni" NUMBER | "key" NUMBER
 *   PROTOCOL: arp icmp icmp6 ip ip6 udp tcp, and each encapsulation's filter word from the
 *             registry (vxlan geneve vxlan-gpe gre ipip 6in4 nsh)
 *
 * Terms match any header of the frame, inner frames of every tunnel included, so "icmp" matches
 * a ping inside VXLAN and "host 10.0.0.3" its inner destination; "vni" matches the VNI of VXLAN,
 * Geneve or VXLAN-GPE, "key" a GRE key (decimal, or hex as tcpdump prints it). An empty filter
 * matches everything. Parsing reports problems only as FilterSyntaxException.
 */
package org.overlaylab.packets.filter;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.overlaylab.model.net.Ipv4;
import org.overlaylab.packets.encap.Encapsulation;
import org.overlaylab.packets.encap.Encapsulations;

public final class DisplayFilter {
    private static final DisplayFilter ALL = new DisplayFilter("", facts -> true);
    /** The registry's encapsulations by their filter words, for error messages: "vxlan, geneve, ...". */
    private static final String TUNNEL_WORDS = String.join(", ",
            Encapsulations.all().stream().map(Encapsulation::filterName).toList());

    private final String text;
    private final Predicate predicate;
    private final boolean intoTunnels;

    private interface Predicate {
        boolean test(FrameFacts facts);
    }

    private DisplayFilter(String text, Predicate predicate) {
        this(text, predicate, true);
    }

    private DisplayFilter(String text, Predicate predicate, boolean intoTunnels) {
        this.text = text;
        this.predicate = predicate;
        this.intoTunnels = intoTunnels;
    }

    /** A filter that matches every frame. */
    public static DisplayFilter all() {
        return ALL;
    }

    public static DisplayFilter parse(String text) throws FilterSyntaxException {
        return parse(text, true);
    }

    /** tcpdump's capture-filter reading: outer headers only, with pcap-filter's qualifier forms. */
    public static DisplayFilter parseCapture(String text) throws FilterSyntaxException {
        return parse(text, false);
    }

    private static DisplayFilter parse(String text, boolean intoTunnels) throws FilterSyntaxException {
        if (text == null || text.isBlank()) {
            return intoTunnels ? ALL : new DisplayFilter("", facts -> true, false);
        }
        try {
            Parser p = new Parser(text);
            p.captureForms = !intoTunnels;
            Predicate pred = p.or();
            if (p.peek() != null) {
                Token t = p.peek();
                throw new FilterSyntaxException(t.pos, "unexpected '" + t.text + "'");
            }
            return new DisplayFilter(text.trim(), pred, intoTunnels);
        } catch (FilterSyntaxException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new FilterSyntaxException(0, "cannot read filter: " + e.getMessage());
        }
    }

    public String text() {
        return text;
    }

    /** Whether a frame (bytes from its Ethernet header on) matches. Never throws. */
    public boolean matches(byte[] frame) {
        if (this == ALL) {
            return true;
        }
        if (frame == null) {
            return false;
        }
        try {
            return predicate.test(FrameFacts.of(frame, intoTunnels));
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return text;
    }

    private record Token(String text, int pos) {}

    private static final class Parser {
        private final List<Token> tokens = new ArrayList<>();
        /** pcap-filter forms: "udp port N", "proto gre", "ip proto N", "net A/len". */
        boolean captureForms;
        private int next;
        private final int length;

        Parser(String s) throws FilterSyntaxException {
            length = s.length();
            int i = 0;
            while (i < s.length()) {
                char c = s.charAt(i);
                if (Character.isWhitespace(c)) {
                    i++;
                } else if (c == '(' || c == ')' || c == '!') {
                    tokens.add(new Token(String.valueOf(c), i));
                    i++;
                } else if (c == '&' || c == '|') {
                    if (i + 1 < s.length() && s.charAt(i + 1) == c) {
                        tokens.add(new Token(c == '&' ? "and" : "or", i));
                        i += 2;
                    } else {
                        throw new FilterSyntaxException(i, "'" + c + "' must be doubled ('" + c + c + "')");
                    }
                } else if (Character.isLetterOrDigit(c) || c == '.' || c == ':' || c == '_' || c == '-') {
                    int start = i;
                    while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || ".:_-/".indexOf(s.charAt(i)) >= 0)) {
                        i++;
                    }
                    tokens.add(new Token(s.substring(start, i), start));
                } else {
                    throw new FilterSyntaxException(i, "unexpected character '" + c + "'");
                }
            }
        }

        Token peek() {
            return next < tokens.size() ? tokens.get(next) : null;
        }

        private boolean accept(String word) {
            Token t = peek();
            if (t != null && t.text.equalsIgnoreCase(word)) {
                next++;
                return true;
            }
            return false;
        }

        private int endPos() {
            return length;
        }

        Predicate or() throws FilterSyntaxException {
            Predicate left = and();
            while (accept("or")) {
                Predicate l = left;
                Predicate r = and();
                left = f -> l.test(f) || r.test(f);
            }
            return left;
        }

        Predicate and() throws FilterSyntaxException {
            Predicate left = not();
            while (accept("and")) {
                Predicate l = left;
                Predicate r = not();
                left = f -> l.test(f) && r.test(f);
            }
            return left;
        }

        Predicate not() throws FilterSyntaxException {
            if (accept("not") || accept("!")) {
                Predicate inner = not();
                return f -> !inner.test(f);
            }
            return primary();
        }

        Predicate primary() throws FilterSyntaxException {
            Token t = peek();
            if (t == null) {
                throw new FilterSyntaxException(endPos(), "filter ends where a term was expected");
            }
            next++;
            String w = t.text.toLowerCase(Locale.ROOT);
            switch (w) {
                case "(" -> {
                    Predicate inner = or();
                    Token close = peek();
                    if (close == null || !close.text.equals(")")) {
                        throw new FilterSyntaxException(close == null ? endPos() : close.pos,
                                "missing ')' for '(' at " + t.pos);
                    }
                    next++;
                    return inner;
                }
                case ")" -> throw new FilterSyntaxException(t.pos, "unexpected ')'");
                case "arp" -> {
                    return f -> (f.protocols & FrameFacts.ARP) != 0;
                }
                case "ip" -> {
                    if (captureForms && accept("proto")) {
                        return ipProto(t);
                    }
                    if (captureForms && (peekIs("host") || peekIs("src") || peekIs("dst") || peekIs("net"))) {
                        Predicate ip = f -> (f.protocols & FrameFacts.IP) != 0;
                        Predicate rest = primary();
                        return f -> ip.test(f) && rest.test(f);
                    }
                    return f -> (f.protocols & FrameFacts.IP) != 0;
                }
                case "ip6" -> {
                    return f -> (f.protocols & FrameFacts.IP6) != 0;
                }
                case "icmp" -> {
                    return f -> (f.protocols & FrameFacts.ICMP) != 0;
                }
                case "icmp6" -> {
                    return f -> (f.protocols & FrameFacts.ICMP6) != 0;
                }
                case "udp" -> {
                    return qualified(f -> (f.protocols & FrameFacts.UDP) != 0);
                }
                case "tcp" -> {
                    return qualified(f -> (f.protocols & FrameFacts.TCP) != 0);
                }
                case "proto" -> {
                    if (!captureForms) {
                        throw new FilterSyntaxException(t.pos, "'proto' belongs to capture filters; write the protocol name");
                    }
                    return ipProto(t);
                }
                case "net" -> {
                    if (!captureForms) {
                        throw new FilterSyntaxException(t.pos, "'net' belongs to capture filters; use 'host'");
                    }
                    return net(t);
                }
                case "host" -> {
                    return host(t, true, true);
                }
                case "port" -> {
                    return port(t, true, true);
                }
                case "src", "dst" -> {
                    boolean src = w.equals("src");
                    if (accept("host")) {
                        return host(t, src, !src);
                    }
                    if (accept("port")) {
                        return port(t, src, !src);
                    }
                    Token n = peek();
                    throw new FilterSyntaxException(n == null ? endPos() : n.pos,
                            "expected 'host' or 'port' after '" + t.text + "'");
                }
                case "vni" -> {
                    return tunnelKey(t, "VNI", 0xffffffL);
                }
                case "key" -> {
                    return tunnelKey(t, "Key", 0xffffffffL);
                }
                case "and", "or" -> throw new FilterSyntaxException(t.pos, "'" + t.text + "' needs a term before it");
                default -> {
                    Encapsulation tunnel = Encapsulations.forFilterName(w);
                    if (tunnel != null) {
                        return f -> f.carries(tunnel);
                    }
                    throw new FilterSyntaxException(t.pos, "unknown term '" + t.text + "' (expected arp, icmp, icmp6, ip, "
                            + "ip6, udp, tcp, " + TUNNEL_WORDS + ", host, src, dst, port, vni, key, not, '(')");
                }
            }
        }

        /** "vni 256", "key 40": a tunnel key of the kind the registry's encapsulations call it. */
        private Predicate tunnelKey(Token t, String keyName, long max) throws FilterSyntaxException {
            String what = keyName.equals("VNI") ? "VNI" : "tunnel key";
            Token n = peek();
            if (n == null) {
                throw new FilterSyntaxException(endPos(), "expected a " + what + " after '" + t.text + "'");
            }
            next++;
            String digits = n.text;
            int radix = 10;
            if (digits.length() > 2 && digits.regionMatches(true, 0, "0x", 0, 2)) {
                digits = digits.substring(2);
                radix = 16;
            }
            long key;
            try {
                key = digits.length() <= 10 && digits.chars().allMatch(c -> Character.digit(c, 16) >= 0)
                        ? Long.parseLong(digits, radix) : -1;
            } catch (NumberFormatException e) {
                key = -1;
            }
            if (key < 0) {
                throw new FilterSyntaxException(n.pos, "'" + n.text + "' is not a " + what);
            }
            if (key > max) {
                throw new FilterSyntaxException(n.pos, what + " " + n.text + " is out of range (0-" + max + ")");
            }
            long wanted = key;
            return f -> {
                for (int i = 0; i < f.keyCount; i++) {
                    if (f.keys[i] == wanted && keyName.equals(f.keyOwners[i].keyName())) {
                        return true;
                    }
                }
                return false;
            };
        }

        private boolean peekIs(String word) {
            Token t = peek();
            return t != null && t.text.equalsIgnoreCase(word);
        }

        /** pcap-filter's "udp port 53": a protocol qualifying the port term that follows it. */
        private Predicate qualified(Predicate proto) throws FilterSyntaxException {
            if (captureForms && (peekIs("port") || peekIs("src") || peekIs("dst"))) {
                Predicate rest = primary();
                return f -> proto.test(f) && rest.test(f);
            }
            return proto;
        }

        private Predicate ipProto(Token keyword) throws FilterSyntaxException {
            Token n = peek();
            if (n == null) {
                throw new FilterSyntaxException(endPos(), "expected a protocol after '" + keyword.text + "'");
            }
            next++;
            int proto = switch (n.text.toLowerCase(Locale.ROOT)) {
                case "icmp" -> 1;
                case "tcp" -> 6;
                case "udp" -> 17;
                case "gre" -> 47;
                case "icmp6" -> 58;
                default -> {
                    if (!n.text.chars().allMatch(Character::isDigit) || n.text.isEmpty() || n.text.length() > 3
                            || Integer.parseInt(n.text) > 255) {
                        throw new FilterSyntaxException(n.pos, "unknown ip proto '" + n.text + "'");
                    }
                    yield Integer.parseInt(n.text);
                }
            };
            return f -> {
                for (int i = 0; i < f.ipProtocolCount; i++) {
                    if (f.ipProtocols[i] == proto) {
                        return true;
                    }
                }
                return false;
            };
        }

        private Predicate net(Token keyword) throws FilterSyntaxException {
            Token n = peek();
            if (n == null) {
                throw new FilterSyntaxException(endPos(), "expected a network after '" + keyword.text + "'");
            }
            next++;
            org.overlaylab.model.net.Cidr cidr;
            try {
                cidr = org.overlaylab.model.net.Cidr.parse(n.text);
            } catch (IllegalArgumentException e) {
                throw new FilterSyntaxException(n.pos, "'" + n.text + "' is not a network such as 10.0.0.0/8");
            }
            int mask = cidr.mask();
            int network = cidr.network();
            return f -> {
                for (int i = 0; i < f.addrCount; i++) {
                    if (isIpv4Mapped(f.srcAddrs[i]) && (v4(f.srcAddrs[i]) & mask) == network
                            || isIpv4Mapped(f.dstAddrs[i]) && (v4(f.dstAddrs[i]) & mask) == network) {
                        return true;
                    }
                }
                return false;
            };
        }

        private static boolean isIpv4Mapped(byte[] a) {
            for (int i = 0; i < 10; i++) {
                if (a[i] != 0) {
                    return false;
                }
            }
            return a[10] == (byte) 0xff && a[11] == (byte) 0xff;
        }

        private static int v4(byte[] a) {
            return ((a[12] & 0xff) << 24) | ((a[13] & 0xff) << 16) | ((a[14] & 0xff) << 8) | (a[15] & 0xff);
        }

        private Predicate host(Token keyword, boolean src, boolean dst) throws FilterSyntaxException {
            Token a = peek();
            if (a == null) {
                throw new FilterSyntaxException(endPos(), "expected an address after '" + keyword.text + "'");
            }
            next++;
            byte[] addr = address(a);
            return f -> {
                for (int i = 0; i < f.addrCount; i++) {
                    if ((src && Arrays.equals(f.srcAddrs[i], addr)) || (dst && Arrays.equals(f.dstAddrs[i], addr))) {
                        return true;
                    }
                }
                return false;
            };
        }

        private Predicate port(Token keyword, boolean src, boolean dst) throws FilterSyntaxException {
            int port = number(keyword, 65535, "port number");
            return f -> {
                for (int i = 0; i < f.portCount; i++) {
                    if ((src && f.srcPorts[i] == port) || (dst && f.dstPorts[i] == port)) {
                        return true;
                    }
                }
                return false;
            };
        }

        private int number(Token keyword, int max, String what) throws FilterSyntaxException {
            Token n = peek();
            if (n == null) {
                throw new FilterSyntaxException(endPos(), "expected a " + what + " after '" + keyword.text + "'");
            }
            next++;
            if (n.text.isEmpty() || !n.text.chars().allMatch(Character::isDigit) || n.text.length() > 8) {
                throw new FilterSyntaxException(n.pos, "'" + n.text + "' is not a " + what);
            }
            int v = Integer.parseInt(n.text);
            if (v > max) {
                throw new FilterSyntaxException(n.pos, what + " " + v + " is out of range (0-" + max + ")");
            }
            return v;
        }

        private static byte[] address(Token a) throws FilterSyntaxException {
            String s = a.text;
            if (s.indexOf(':') < 0) {
                if (!Ipv4.isValid(s)) {
                    throw new FilterSyntaxException(a.pos, "'" + s + "' is not an IPv4 or IPv6 address");
                }
                byte[] m = new byte[16];
                m[10] = (byte) 0xff;
                m[11] = (byte) 0xff;
                System.arraycopy(Ipv4.toBytes(Ipv4.parse(s)), 0, m, 12, 4);
                return m;
            }
            if (!s.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.')) {
                throw new FilterSyntaxException(a.pos, "'" + s + "' is not an IPv6 address");
            }
            try {
                // a literal with ':' is parsed, never looked up
                byte[] raw = InetAddress.getByName(s).getAddress();
                if (raw.length == 16) {
                    return raw;
                }
                byte[] m = new byte[16];
                m[10] = (byte) 0xff;
                m[11] = (byte) 0xff;
                System.arraycopy(raw, 0, m, 12, 4);
                return m;
            } catch (UnknownHostException | RuntimeException e) {
                throw new FilterSyntaxException(a.pos, "'" + s + "' is not an IPv6 address");
            }
        }
    }
}
