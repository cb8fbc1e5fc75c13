/*
 * ping as busybox (in busybox containers) or iputils (on the host and in CentOS images) prints it.
 * It really sends ICMP echo requests through the forwarding engine, once a second of virtual time,
 * resolves names with a DNS query to the namespace's nameserver, and reports what comes back:
 * replies with their TTL and round-trip time, errors, and the statistics after -c or Ctrl-C.
 */
package org.overlaylab.simulator.programs;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.overlaylab.model.net.Ipv4;
import org.overlaylab.simulator.kernel.Link;
import org.overlaylab.simulator.kernel.NetNs;
import org.overlaylab.simulator.net.Dns;
import org.overlaylab.simulator.net.Forwarder;
import org.overlaylab.simulator.net.Wire;
import org.overlaylab.simulator.shell.Invocation;
import org.overlaylab.simulator.shell.Program;
import org.overlaylab.simulator.world.VirtualClock;

final class PingProgram implements Program {
    /** How long a command without -c and without a Ctrl-C may run before the lab stops it. */
    static final long COMMAND_LIMIT = 60 * VirtualClock.SECONDS;
    /**
     * With -i 0 iputils sends the next echo as soon as the last reply is in, and otherwise waits
     * at most 10 ms (its MININTERVAL) before sending anyway.
     */
    static final long FLOOD_WAIT = 10 * VirtualClock.MILLIS;

    /** Path MTU discovery as -M chose it: set DF and never fragment (do), never DF (dont), or the socket default (want). */
    enum PmtuDisc { DO, DONT, WANT }

    /** What the command line asked for. */
    record Options(Integer count, long interval, Integer deadline, Integer timeout, int size, PmtuDisc pmtu,
                   String iface, boolean quiet, int ttl) {}

    @Override
    public int run(Invocation inv) {
        boolean busybox = inv.userland == Invocation.Userland.BUSYBOX;
        Integer count = null;
        double interval = 1.0;
        Integer deadline = null;
        Integer timeout = null;
        int size = 56;
        int ttl = 64;
        PmtuDisc pmtu = PmtuDisc.WANT;
        String iface = null;
        boolean quiet = false;
        String target = null;
        List<String> a = inv.rest();
        try {
            for (int i = 0; i < a.size(); i++) {
                String w = a.get(i);
                String opt = w.length() > 2 && w.startsWith("-") && "ciwWsMIt".indexOf(w.charAt(1)) >= 0
                        ? w.substring(0, 2) : w;
                String inline = opt.equals(w) ? null : w.substring(2);
                switch (opt) {
                    case "-c" -> {
                        count = number(value(a, inline, ++i), busybox, "bad number of packets to transmit.");
                        if (count <= 0) {
                            return badValue(inv, busybox, String.valueOf(count), "bad number of packets to transmit.");
                        }
                    }
                    case "-i" -> {
                        String text = value(a, inline, ++i);
                        try {
                            interval = Double.parseDouble(text);
                        } catch (NumberFormatException e) {
                            return badValue(inv, busybox, text, "bad timing interval.");
                        }
                        if (interval < 0) {
                            return badValue(inv, busybox, text, "bad timing interval.");
                        }
                        if (interval < 0.2 && !inv.root && !busybox) {
                            return inv.fail(2, "ping: cannot flood; minimal interval, allowed for user, is 200ms");
                        }
                    }
                    case "-w" -> deadline = number(value(a, inline, ++i), busybox, "bad wait time.");
                    case "-W" -> timeout = number(value(a, inline, ++i), busybox, "bad linger time.");
                    case "-s" -> size = number(value(a, inline, ++i), busybox, "illegal negative packet size");
                    case "-t" -> ttl = number(value(a, inline, ++i), busybox, "ttl out of range");
                    case "-I" -> iface = value(a, inline, ++i);
                    case "-M" -> {
                        if (busybox) {
                            return invalidOption(inv, true, "M");
                        }
                        String m = value(a, inline, ++i);
                        switch (m) {
                            case "do" -> pmtu = PmtuDisc.DO;
                            case "dont" -> pmtu = PmtuDisc.DONT;
                            case "want" -> pmtu = PmtuDisc.WANT;
                            default -> {
                                return inv.fail(2, "ping: wrong value for -M: do, dont, want are valid ones.");
                            }
                        }
                    }
                    case "-q" -> quiet = true;
                    case "-n", "-4" -> { }
                    default -> {
                        if (w.startsWith("-") && w.length() > 1) {
                            return invalidOption(inv, busybox, w.substring(1, 2));
                        }
                        target = w;
                    }
                }
            }
        } catch (BadNumber e) {
            return badValue(inv, busybox, e.text, e.iputilsMessage);
        } catch (IndexOutOfBoundsException e) {
            return busybox ? usage(inv, true) : inv.fail(2, "ping: option requires an argument -- '"
                    + a.get(a.size() - 1).substring(1, 2) + "'");
        }
        if (target == null) {
            return usage(inv, busybox);
        }
        Session s = new Session(inv, busybox, new Options(count, (long) (interval * VirtualClock.SECONDS), deadline,
                timeout, size, pmtu, iface, quiet, ttl));
        return s.run(target);
    }

    private static String value(List<String> a, String inline, int i) {
        return inline != null && !inline.isEmpty() ? inline : a.get(i);
    }

    /** A numeric option whose value is not a number: its text, and what iputils says about it. */
    private static final class BadNumber extends RuntimeException {
        final String text;
        final String iputilsMessage;

        BadNumber(String text, String iputilsMessage) {
            super(text, null, false, false);
            this.text = text;
            this.iputilsMessage = iputilsMessage;
        }
    }

    private static int number(String text, boolean busybox, String iputilsMessage) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new BadNumber(text, iputilsMessage);
        }
    }

    private static int badValue(Invocation inv, boolean busybox, String text, String iputilsMessage) {
        return busybox ? inv.fail(1, "ping: invalid number '" + text + "'") : inv.fail(2, "ping: " + iputilsMessage);
    }

    private static int invalidOption(Invocation inv, boolean busybox, String letter) {
        inv.err.append("ping: invalid option -- '" + letter + "'\n");
        return usage(inv, busybox);
    }

    private static int usage(Invocation inv, boolean busybox) {
        if (busybox) {
            return inv.fail(1, "BusyBox v1.27.2 (2017-10-02 19:42:58 UTC) multi-call binary.\n\nUsage: ping [OPTIONS] HOST");
        }
        return inv.fail(2, "Usage: ping [-aAbBdDfhLnOqrRUvV] [-c count] [-i interval] [-I interface]\n"
                + "            [-m mark] [-M pmtudisc_option] [-l preload] [-p pattern] [-Q tos]\n"
                + "            [-s packetsize] [-S sndbuf] [-t ttl] [-T timestamp_option]\n"
                + "            [-w deadline] [-W timeout] [hop1 ...] destination");
    }

    private static int parseInt(List<String> a, int i) {
        return Integer.parseInt(a.get(i));
    }

    /** One run of ping: its socket, what it sent and what came back, kept in flat memory however long it runs. */
    private static final class Session implements Forwarder.PingSocket, Forwarder.UdpSocket {
        private final Invocation inv;
        private final boolean busybox;
        private final Options o;
        private final int size;
        private final NetNs ns;
        private final Forwarder fw;
        private final int id;
        /** Send time by sequence number (16 bits, as on the wire) of echoes not yet answered. */
        private final Map<Integer, Long> sentAt = new HashMap<>();
        private int transmitted;
        private int received;
        private int errors;
        private double rttMin = Double.MAX_VALUE;
        private double rttMax;
        private double rttSum;
        private double rttSumSquares;
        private long lastSent;
        private long lastAnswer = Long.MIN_VALUE;
        private Integer resolved;
        private boolean resolveFailed;
        private int dnsPort;

        Session(Invocation inv, boolean busybox, Options o) {
            this.inv = inv;
            this.busybox = busybox;
            this.o = o;
            this.size = o.size();
            this.ns = inv.ns;
            this.fw = inv.world.forwarder();
            this.id = inv.host.nextPid() & 0xffff;
        }

        int run(String target) {
            long start = inv.world.clock().now();
            long bound = inv.stopAfterNanos != null ? inv.stopAfterNanos
                    : o.deadline() != null ? o.deadline() * VirtualClock.SECONDS
                    : inv.world.live() ? Long.MAX_VALUE / 4 : COMMAND_LIMIT;
            if (o.deadline() != null) {
                bound = Math.min(bound, o.deadline() * VirtualClock.SECONDS);
            }
            long limit = start + bound;
            int dst;
            String shownName = target;
            if (Ipv4.isValid(target)) {
                dst = Ipv4.parse(target);
            } else {
                Integer viaHosts = ns.hostsFile().get(target);
                if (viaHosts != null) {
                    dst = viaHosts;
                } else {
                    Integer r = resolve(target, limit);
                    if (r == null) {
                        return busybox ? inv.fail(1, "ping: bad address '" + target + "'")
                                : inv.fail(2, "ping: unknown host " + target);
                    }
                    dst = r;
                }
            }
            Link bound2 = null;
            Integer src;
            if (o.iface() != null && Ipv4.isValid(o.iface())) {
                src = Ipv4.parse(o.iface());
                if (!ns.isLocalAddress(src)) {
                    return busybox ? inv.fail(1, "ping: bind: Cannot assign requested address")
                            : inv.fail(2, "ping: bind: Cannot assign requested address");
                }
            } else if (o.iface() != null) {
                bound2 = ns.link(o.iface()).orElse(null);
                if (bound2 == null) {
                    return busybox ? inv.fail(1, "ping: can't bind to interface " + o.iface() + ": No such device")
                            : inv.fail(2, "ping: SO_BINDTODEVICE: No such device");
                }
                src = bound2.primaryAddress() != null ? bound2.primaryAddress().address() : fw.sourceFor(ns, dst);
            } else {
                src = fw.sourceFor(ns, dst);
            }
            String dstText = Ipv4.format(dst);
            // iputils connects its socket before it prints anything; busybox finds out when it sends
            if (src == null && !busybox) {
                return inv.fail(2, "connect: Network is unreachable");
            }
            if (busybox) {
                inv.println("PING " + shownName + " (" + dstText + "): " + size + " data bytes");
            } else {
                // with -I iputils names the source it bound to and the device (blank for an address)
                String from = o.iface() == null ? " " : " from " + Ipv4.format(src) + " "
                        + (bound2 == null ? "" : bound2.name()) + ": ";
                inv.println("PING " + shownName + " (" + dstText + ")" + from + size + "(" + (size + 28) + ") bytes of data.");
            }
            if (src == null) {
                return inv.fail(1, "ping: sendto: Network is unreachable");
            }
            fw.bindPing(ns, id, this);
            long next = inv.world.clock().now();
            int seq = busybox ? 0 : 1;
            boolean stopped = false;
            boolean ctrlC = false;
            try {
                while (true) {
                    if (o.count() != null && transmitted >= o.count()) {
                        break;
                    }
                    if (next >= limit) {
                        stopped = true;
                        break;
                    }
                    inv.world.clock().runUntil(next);
                    if (inv.world.interrupted()) {
                        ctrlC = true;
                        break;
                    }
                    send(src, dst, seq++);
                    next = nextSend(next);
                }
                if (stopped) {
                    inv.world.clock().runUntil(limit);
                    ctrlC = inv.world.interrupted();
                } else if (!ctrlC) {
                    long end = lingerUntil(limit);
                    while (inv.world.clock().now() < end && received + errors < transmitted
                            && !inv.world.interrupted()) {
                        inv.world.clock().runUntil(Math.min(end, inv.world.clock().now() + VirtualClock.MILLIS));
                    }
                    if (inv.world.clock().now() < end && !inv.world.interrupted() && transmitted == received + errors) {
                        inv.world.clock().runUntil(Math.min(end, Math.max(inv.world.clock().now(), lastSent)));
                    }
                    ctrlC = inv.world.interrupted();
                }
                if (ctrlC) {
                    stopped = false;
                } else if (stopped && inv.stopAfterNanos != null) {
                    inv.note("stopped with Ctrl-C after " + inv.stopAfterNanos / VirtualClock.SECONDS + " s");
                } else if (stopped && o.deadline() == null) {
                    inv.note("ping would run until Ctrl-C; the lab stopped it after "
                            + (limit - start) / VirtualClock.SECONDS + " s");
                }
            } finally {
                fw.unbindPing(ns, id);
            }
            statistics(shownName, start);
            if (o.deadline() != null && o.count() != null && received < o.count()) {
                return 1;
            }
            return received > 0 ? 0 : 1;
        }

        /** When the next echo goes: one interval on, or with -i 0 as soon as the last one is answered. */
        private long nextSend(long previous) {
            if (o.interval() > 0) {
                return previous + o.interval();
            }
            long now = inv.world.clock().now();
            long deadline = now + FLOOD_WAIT;
            while (inv.world.clock().now() < deadline && received + errors < transmitted && !inv.world.interrupted()) {
                int pending = inv.world.clock().pending();
                if (pending == 0) {
                    return deadline;
                }
                inv.world.clock().runUntil(Math.min(deadline, inv.world.clock().now() + 20_000));
            }
            return Math.max(inv.world.clock().now(), previous + 1);
        }

        /**
         * How long ping waits for answers after its last echo: iputils up to -W (or twice the longest
         * round trip, at least 10 s... it ends as soon as everything is answered), busybox -W (10 s)
         * only when nothing ever came back, else one interval.
         */
        private long lingerUntil(long limit) {
            long wait;
            if (o.timeout() != null) {
                wait = o.timeout() * VirtualClock.SECONDS;
            } else if (busybox) {
                wait = received > 0 ? VirtualClock.SECONDS : 10 * VirtualClock.SECONDS;
            } else {
                wait = 10 * VirtualClock.SECONDS;
            }
            long end = lastSent + wait;
            if (!busybox && received + errors < transmitted && o.timeout() == null) {
                // iputils with -c and no -W: waits until the last echo is answered or lost (2 * max rtt, at least 1 s)
                end = lastSent + Math.max(VirtualClock.SECONDS, (long) (2 * rttMax * VirtualClock.MILLIS));
                if (received == 0) {
                    end = lastSent + 10 * VirtualClock.SECONDS;
                }
            }
            if (o.count() == null) {
                end = Math.min(end, limit);
            }
            return Math.min(end, limit);
        }

        private void send(int src, int dst, int seq) {
            long now = inv.world.clock().now();
            transmitted++;
            lastSent = now;
            int wireSeq = seq & 0xffff;
            // the path MTU the socket knows: the route's device, or what an ICMP "frag needed" taught
            int mtu = fw.pathMtu(ns, dst);
            if (o.pmtu() == PmtuDisc.DO && size + 28 > mtu) {
                errors++;
                // the error queue's EMSGSIZE, as iputils of the tutorial's Ubuntu prints it (on stderr)
                inv.err.append("ping: local error: Message too long, mtu=" + mtu + "\n");
                return;
            }
            byte[] data = new byte[size];
            long micros = now / 1000;
            if (size >= 8) {
                Wire.put32(data, 0, (int) (micros / 1_000_000));
                Wire.put32(data, 4, (int) (micros % 1_000_000));
            }
            for (int i = 8; i < size; i++) {
                data[i] = (byte) (i + 8);
            }
            byte[] icmp = Wire.icmp(8, 0, (id << 16) | wireSeq, data);
            boolean df = o.pmtu() != PmtuDisc.DONT && size + 28 <= mtu;
            byte[] ip = Wire.ipv4(src, dst, Wire.PROTO_ICMP, o.ttl(), fw.nextIpId(ns), df, icmp);
            if (sentAt.size() >= 65536) {
                sentAt.clear();
            }
            sentAt.put(wireSeq, now);
            if (!fw.sendIp(ns, ip, fw.newTrace())) {
                errors++;
                if (fw.lastSendRefused()) {
                    // an OUTPUT rule dropped it: sendmsg fails with EPERM
                    inv.err.append(busybox ? "ping: sendto: Operation not permitted\n" : "ping: sendmsg: Operation not permitted\n");
                } else {
                    inv.err.append("ping: sendto: Network is unreachable\n");
                }
            }
        }

        @Override
        public void onEchoReply(byte[] f, long now) {
            int l4 = Wire.ipPayload(f);
            int seq = Wire.u16(f, l4 + 6);
            Long sent = sentAt.remove(seq);
            if (sent == null) {
                return;
            }
            double rtt = (now - sent) / 1e6;
            rttMin = Math.min(rttMin, rtt);
            rttMax = Math.max(rttMax, rtt);
            rttSum += rtt;
            rttSumSquares += rtt * rtt;
            received++;
            lastAnswer = now;
            if (o.quiet()) {
                return;
            }
            int bytes = Wire.ipTotalLength(f) - (l4 - Wire.ETH);
            String from = Ipv4.format(Wire.ipSrc(f));
            if (busybox) {
                inv.println(bytes + " bytes from " + from + ": seq=" + seq + " ttl=" + Wire.ipTtl(f) + " time="
                        + String.format("%.3f", rtt) + " ms");
            } else {
                inv.println(bytes + " bytes from " + from + ": icmp_seq=" + seq + " ttl=" + Wire.ipTtl(f) + " time="
                        + (rtt < 1 ? String.format("%.3f", rtt) : rtt < 10 ? String.format("%.2f", rtt)
                        : String.format("%.1f", rtt)) + " ms");
            }
        }

        @Override
        public void onError(String message, int type, int code, int from, int sequence, long now) {
            errors++;
            sentAt.remove(sequence);
            if (!busybox && !o.quiet()) {
                inv.println("From " + Ipv4.format(from) + " icmp_seq=" + sequence + " " + message);
            }
        }

        private void statistics(String name, long start) {
            long elapsedMs = (inv.world.clock().now() - start) / VirtualClock.MILLIS;
            int loss = transmitted == 0 ? 0 : (int) (100L * (transmitted - received) / transmitted);
            inv.println("");
            inv.println("--- " + name + " ping statistics ---");
            if (busybox) {
                inv.println(transmitted + " packets transmitted, " + received + " packets received, " + loss + "% packet loss");
                if (received > 0) {
                    inv.println(String.format("round-trip min/avg/max = %.3f/%.3f/%.3f ms", rttMin, avg(), rttMax));
                }
            } else {
                long time = transmitted > 1 ? (lastSent - start) / VirtualClock.MILLIS + 2 : 0;
                inv.println(transmitted + " packets transmitted, " + received + " received"
                        + (errors > 0 ? ", +" + errors + " errors" : "") + ", " + loss + "% packet loss, time "
                        + Math.max(0, time) + "ms");
                // iputils ends the summary with one newline after the rtt line, the pipe size, or nothing
                int pipe = Math.min(errors, 3);
                if (received > 0) {
                    double avg = avg();
                    double mdev = Math.sqrt(Math.max(0, rttSumSquares / received - avg * avg));
                    inv.println(String.format("rtt min/avg/max/mdev = %.3f/%.3f/%.3f/%.3f ms", rttMin, avg, rttMax, mdev));
                } else if (pipe > 1) {
                    inv.println("pipe " + pipe);
                } else {
                    inv.println("");
                }
            }
        }

        private double avg() {
            return received == 0 ? 0 : rttSum / received;
        }

        /** An A query to the namespace's nameserver; waits up to 5 s of virtual time for the answer. */
        private Integer resolve(String name, long limit) {
            Integer server = ns.nameserver();
            if (server == null) {
                return null;
            }
            Integer src = fw.sourceFor(ns, server);
            if (src == null) {
                return null;
            }
            dnsPort = 32768 + inv.world.random().nextInt("udp-port:" + inv.host.name(), 28000);
            int queryId = inv.world.random().nextInt("dns-id:" + inv.host.name(), 65536);
            fw.bindUdp(ns, dnsPort, this);
            try {
                byte[] q = Dns.query(queryId, name);
                byte[] udp = Wire.udp(src, server, dnsPort, 53, q, true);
                byte[] ip = Wire.ipv4(src, server, Wire.PROTO_UDP, 64, fw.nextIpId(ns), false, udp);
                fw.sendIp(ns, ip, fw.newTrace());
                long until = Math.min(limit, inv.world.clock().now() + 5 * VirtualClock.SECONDS);
                while (resolved == null && !resolveFailed && inv.world.clock().now() < until) {
                    inv.world.clock().advance(VirtualClock.MILLIS);
                }
                return resolved;
            } finally {
                fw.unbindUdp(ns, dnsPort);
            }
        }

        @Override
        public void onDatagram(byte[] frame, int payloadOffset, long now) {
            int end = Wire.ETH + Wire.ipTotalLength(frame);
            Integer a = Dns.firstAddress(frame, payloadOffset, Math.min(end, frame.length));
            if (a == null) {
                resolveFailed = true;
            } else {
                resolved = a;
            }
        }
    }
}
