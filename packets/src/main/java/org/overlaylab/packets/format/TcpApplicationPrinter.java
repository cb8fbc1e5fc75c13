/*
 * What tcpdump 4.99 prints after a TCP segment's ", length N" for the ports it knows, in its
 * order (the first port of the list that either side uses decides): BGP (": BGP"), HTTP on 80
 * and 8080 (": HTTP" and, for a request or response, its first line), the other line-oriented
 * protocols that share HTTP's printer (FTP, SMTP, WHOIS, RTSP), SSH's version line, and DNS over
 * TCP. Ports whose protocols this module does not model (Telnet, PPTP, Redis, NetBIOS, SMB,
 * BEEP, OpenFlow, MSDP, RPKI-RTR, LDP, NFS) keep the segment line alone, as tcpdump prints a
 * segment it has no printer for.
 */
package org.overlaylab.packets.format;

import java.util.Locale;
import java.util.Set;

final class TcpApplicationPrinter {
    /** tcp_print's chain of ports, in its order; each entry is {port, port, ...} of one protocol. */
    private static final int[][] CHAIN = {
        {23}, {25}, {43}, {179}, {1723}, {6379}, {22}, {139}, {445}, {10288}, {6633, 6653}, {21}, {80, 8080},
        {554, 8554}, {53}, {639}, {323}, {646}, {2049},
    };
    private static final Set<String> HTTP_COMMANDS = Set.of("GET", "PUT", "COPY", "HEAD", "LOCK", "MOVE", "POLL",
            "POST", "BCOPY", "BMOVE", "MKCOL", "TRACE", "LABEL", "MERGE", "DELETE", "SEARCH", "UNLOCK", "REPORT",
            "UPDATE", "NOTIFY", "BDELETE", "CONNECT", "OPTIONS", "CHECKIN", "PROPFIND", "CHECKOUT", "CCM_POST",
            "SUBSCRIBE", "PROPPATCH", "BPROPFIND", "BPROPPATCH", "UNCHECKOUT", "MKACTIVITY", "MKWORKSPACE",
            "UNSUBSCRIBE", "RPC_CONNECT", "VERSION-CONTROL", "BASELINE-CONTROL");
    private static final Set<String> RTSP_COMMANDS = Set.of("DESCRIBE", "ANNOUNCE", "GET_PARAMETER", "OPTIONS",
            "PAUSE", "PLAY", "RECORD", "REDIRECT", "SETUP", "SET_PARAMETER", "TEARDOWN");
    /** tcpdump's MAX_TOKEN: longer request names or response codes are not recognised. */
    private static final int MAX_TOKEN = 128;

    private TcpApplicationPrinter() {}

    /** The port whose protocol tcpdump would pick for this segment, or -1 when it has none. */
    static int protocolPort(int sport, int dport) {
        for (int[] ports : CHAIN) {
            for (int port : ports) {
                if (sport == port || dport == port) {
                    return ports[0];
                }
            }
        }
        return -1;
    }

    /** Prints the payload at p of `length` bytes (length > 0), after the segment's ", length N". */
    static void print(TcpdumpPrinter t, int sport, int dport, int p, int length) {
        switch (protocolPort(sport, dport)) {
            case 179 -> {
                t.protocol("bgp");
                t.out().append(": BGP");
            }
            case 80 -> text(t, "http", p, length, HTTP_COMMANDS);
            case 554 -> text(t, "rtsp", p, length, RTSP_COMMANDS);
            case 21 -> text(t, "ftp", p, length, null);
            case 25 -> text(t, "smtp", p, length, null);
            case 43 -> text(t, "whois", p, length, null);
            case 22 -> sshVersion(t, p, length);
            case 53 -> DnsPrinter.print(t, p, length, true, false);
            default -> {
                // no printer here for this port's protocol: the segment line is all tcpdump shows without one
            }
        }
    }

    /** txtproto_print without -v: ": PROTO", then ": first line" when it is a request or response (or always, with no command list). */
    private static void text(TcpdumpPrinter t, String protocol, int p, int len, Set<String> commands) {
        t.protocol(protocol);
        StringBuilder sb = t.out();
        sb.append(": ");
        boolean printThis = commands == null;
        if (commands != null) {
            StringBuilder token = new StringBuilder();
            int idx = fetchToken(t, p, 0, len, token);
            if (idx != 0) {
                if (commands.contains(token.toString().toUpperCase(Locale.ROOT))) {
                    printThis = true;
                }
                // HTTP and RTSP responses carry their code as the second token
                idx = fetchToken(t, p, idx, len, token);
            }
            if (idx != 0 && token.length() == 3 && isDigit(token.charAt(0)) && isDigit(token.charAt(1))
                    && isDigit(token.charAt(2))) {
                printThis = true;
            }
        }
        sb.append(protocol.toUpperCase(Locale.ROOT));
        if (printThis) {
            firstLine(t, p, len);
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean printable(int c) {
        return c >= 0x20 && c < 0x7f;
    }

    /** fetch_token: the token at idx into `token`; the index after it and its trailing blanks, or 0. */
    private static int fetchToken(TcpdumpPrinter t, int p, int idx, int len, StringBuilder token) {
        token.setLength(0);
        for (; idx < len; idx++) {
            if (!t.captured(p + idx, 1)) {
                return 0;
            }
            int c = t.byteAt(p + idx);
            if (c >= 0x80) {
                return 0;
            }
            if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
                break;
            }
            if (!printable(c)) {
                return 0;
            }
            if (token.length() + 2 > MAX_TOKEN + 1) {
                return 0;
            }
            token.append((char) c);
        }
        if (token.length() == 0) {
            return 0;
        }
        for (; idx < len; idx++) {
            if (!t.captured(p + idx, 1)) {
                break;
            }
            int c = t.byteAt(p + idx);
            if (c == '\r' || c == '\n' || !printable(c) || (c != ' ' && c != '\t')) {
                break;
            }
        }
        return idx;
    }

    /** print_txt_line with ": ": the first line without its end; binary data prints nothing. */
    private static void firstLine(TcpdumpPrinter t, int p, int len) {
        int idx = 0;
        while (idx < len) {
            int c = t.byteAt(p + idx);
            if (c == '\n') {
                line(t, p, idx);
                return;
            } else if (c == '\r') {
                if (idx + 1 >= len) {
                    return;
                }
                if (t.byteAt(p + idx + 1) == '\n') {
                    line(t, p, idx);
                }
                return;
            } else if (!printable(c) && c != '\t') {
                return;
            }
            idx++;
        }
        // printable to the end of the payload but no line end: tcpdump shows it as cut short
        line(t, p, idx);
        t.printTrunc();
    }

    private static void line(TcpdumpPrinter t, int p, int n) {
        StringBuilder sb = t.out().append(": ");
        for (int i = 0; i < n; i++) {
            sb.append((char) t.byteAt(p + i));
        }
    }

    /** ssh_print: ": SSH: " and the version line, when the payload starts with one. */
    private static void sshVersion(TcpdumpPrinter t, int p, int len) {
        t.protocol("ssh");
        for (int i = 0; i < 4; i++) {
            if (t.byteAt(p + i) != "SSH-".charAt(i)) {
                return;
            }
        }
        int idx = 4;
        while (idx < len) {
            int c = t.byteAt(p + idx);
            if (c == '\n') {
                break;
            } else if (c == '\r') {
                if (idx + 1 >= len || t.byteAt(p + idx + 1) != '\n') {
                    return;
                }
                break;
            } else if (!printable(c)) {
                return;
            }
            idx++;
        }
        if (idx >= len) {
            return;
        }
        StringBuilder sb = t.out().append(": SSH: ");
        for (int i = 0; i < idx; i++) {
            sb.append((char) t.byteAt(p + i));
        }
    }
}
