/*
 * ping as busybox (in busybox containers) or iputils (on the host and in CentOS images) prints it.
 * It really sends ICMP echo requests through the forwarding engine, once a second of virtual time,
 * resolves names with a DNS query to the namespace's nameserver, and reports what comes back:
 * replies with their TTL and round-trip time, errors, and the statistics after -c or Ctrl-C.
 */
package org.overlaylab.simulator.programs;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.overlaylab.model.net.Ipv4;
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

    @Override
    public int run(Invocation inv) {
        boolean busybox = inv.userland == Invocation.Userland.BUSYBOX;
        Integer count = null;
        double interval = 1.0;
        Integer deadline = null;
        int size = 56;
        String target = null;
        List<String> a = inv.rest();
        for (int i = 0; i < a.size(); i++) {
            String w = a.get(i);
            switch (w) {
                case "-c" -> count = parseInt(a, ++i);
                case "-i" -> interval = Double.parseDouble(a.get(++i));
                case "-w", "-W" -> deadline = parseInt(a, ++i);
                case "-s" -> size = parseInt(a, ++i);
                case "-n", "-q", "-4" -> { }
                default -> {
                    if (w.startsWith("-c") && w.length() > 2) {
                        count = Integer.parseInt(w.substring(2));
                    } else if (w.startsWith("-")) {
                        return busybox ? inv.fail(1, "ping: invalid option -- '" + w.substring(1) + "'")
                                : inv.fail(2, "ping: invalid option -- '" + w.substring(1) + "'");
                    } else {
                        target = w;
                    }
                }
            }
        }
        if (target == null) {
            if (busybox) {
                return inv.fail(1, "BusyBox v1.27.2 (2017-10-02 19:42:58 UTC) multi-call binary.\n\nUsage: ping [OPTIONS] HOST");
            }
            return inv.fail(2, "Usage: ping [-aAbBdDfhLnOqrRUvV] [-c count] [-i interval] [-I interface]\n"
                    + "            [-m mark] [-M pmtudisc_option] [-l preload] [-p pattern] [-Q tos]\n"
                    + "            [-s packetsize] [-S sndbuf] [-t ttl] [-T timestamp_option]\n"
                    + "            [-w deadline] [-W timeout] [hop1 ...] destination");
        }
        Session s = new Session(inv, busybox, size);
        return s.run(target, count, (long) (interval * VirtualClock.SECONDS), deadline);
    }

    private static int parseInt(List<String> a, int i) {
        return Integer.parseInt(a.get(i));
    }

    /** One run of ping: its socket, what it sent and what came back. */
    private static final class Session implements Forwarder.PingSocket, Forwarder.UdpSocket {
        private final Invocation inv;
        private final boolean busybox;
        private final int size;
        private final NetNs ns;
        private final Forwarder fw;
        private final int id;
        private final Map<Integer, Long> sentAt = new TreeMap<>();
        private final List<Double> rtts = new ArrayList<>();
        private int transmitted;
        private int received;
        private int errors;
        private Integer resolved;
        private boolean resolveFailed;
        private int dnsPort;

        Session(Invocation inv, boolean busybox, int size) {
            this.inv = inv;
            this.busybox = busybox;
            this.size = size;
            this.ns = inv.ns;
            this.fw = inv.world.forwarder();
            this.id = inv.host.nextPid() & 0xffff;
        }

        int run(String target, Integer count, long interval, Integer deadlineSeconds) {
            long start = inv.world.clock().now();
            long limit = start + (inv.stopAfterNanos != null ? inv.stopAfterNanos
                    : deadlineSeconds != null ? deadlineSeconds * VirtualClock.SECONDS : COMMAND_LIMIT);
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
            String dstText = Ipv4.format(dst);
            Integer src = fw.sourceFor(ns, dst);
            // iputils connects its socket before it prints anything; busybox finds out when it sends
            if (src == null && !busybox) {
                return inv.fail(2, "connect: Network is unreachable");
            }
            if (busybox) {
                inv.println("PING " + shownName + " (" + dstText + "): " + size + " data bytes");
            } else {
                inv.println("PING " + shownName + " (" + dstText + ") " + size + "(" + (size + 28) + ") bytes of data.");
            }
            if (src == null) {
                return inv.fail(1, "ping: sendto: Network is unreachable");
            }
            fw.bindPing(ns, id, this);
            long next = inv.world.clock().now();
            int seq = busybox ? 0 : 1;
            boolean interrupted = false;
            try {
                while (true) {
                    if (count != null && transmitted >= count) {
                        break;
                    }
                    if (next >= limit) {
                        interrupted = true;
                        break;
                    }
                    inv.world.clock().runUntil(next);
                    send(src, dst, seq++);
                    next += interval;
                }
                long end;
                if (interrupted) {
                    end = limit;
                } else {
                    long lastSent = sentAt.isEmpty() ? inv.world.clock().now() : sentAt.values().stream().max(Long::compare).orElseThrow();
                    end = Math.min(limit, Math.max(lastSent + VirtualClock.SECONDS, inv.world.clock().now()));
                    if (!busybox && received + errors < transmitted) {
                        end = Math.min(limit, lastSent + 4 * VirtualClock.SECONDS);
                    }
                }
                inv.world.clock().runUntil(end);
                while (received + errors < transmitted && inv.world.clock().now() < limit
                        && inv.world.clock().now() < end) {
                    inv.world.clock().advance(VirtualClock.MILLIS);
                }
                if (interrupted && inv.stopAfterNanos != null) {
                    inv.note("stopped with Ctrl-C after " + inv.stopAfterNanos / VirtualClock.SECONDS + " s");
                } else if (interrupted) {
                    inv.note("ping would run until Ctrl-C; the lab stopped it after "
                            + (limit - start) / VirtualClock.SECONDS + " s");
                }
            } finally {
                fw.unbindPing(ns, id);
            }
            statistics(shownName, dstText, start);
            return received > 0 ? 0 : 1;
        }

        private void send(int src, int dst, int seq) {
            long now = inv.world.clock().now();
            byte[] data = new byte[size];
            long micros = now / 1000;
            Wire.put32(data, 0, (int) (micros / 1_000_000));
            Wire.put32(data, 4, (int) (micros % 1_000_000));
            for (int i = 8; i < size; i++) {
                data[i] = (byte) (i + 8);
            }
            byte[] icmp = Wire.icmp(8, 0, (id << 16) | (seq & 0xffff), data);
            byte[] ip = Wire.ipv4(src, dst, Wire.PROTO_ICMP, 64, fw.nextIpId(ns), true, icmp);
            transmitted++;
            sentAt.put(seq, now);
            if (!fw.sendIp(ns, ip, fw.newTrace())) {
                errors++;
                inv.err.append("ping: sendto: Network is unreachable\n");
            }
        }

        @Override
        public void onEchoReply(byte[] f, long now) {
            int l4 = Wire.ipPayload(f);
            int seq = Wire.u16(f, l4 + 6);
            Long sent = sentAt.get(seq);
            if (sent == null) {
                return;
            }
            double rtt = (now - sent) / 1e6;
            rtts.add(rtt);
            received++;
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
            if (!busybox) {
                inv.println("From " + Ipv4.format(from) + " icmp_seq=" + sequence + " " + message);
            }
        }

        private void statistics(String name, String dst, long start) {
            long elapsedMs = (inv.world.clock().now() - start) / VirtualClock.MILLIS;
            int loss = transmitted == 0 ? 0 : (int) Math.round(100.0 * (transmitted - received) / transmitted);
            inv.println("");
            inv.println("--- " + name + " ping statistics ---");
            if (busybox) {
                inv.println(transmitted + " packets transmitted, " + received + " packets received, " + loss + "% packet loss");
                if (received > 0) {
                    inv.println(String.format("round-trip min/avg/max = %.3f/%.3f/%.3f ms", min(), avg(), max()));
                }
            } else {
                inv.println(transmitted + " packets transmitted, " + received + " received"
                        + (errors > 0 ? ", +" + errors + " errors" : "") + ", " + loss + "% packet loss, time "
                        + Math.max(0, (transmitted - 1) * 1000 + (transmitted > 1 ? 2 : 0)) + "ms");
                // iputils ends the summary with one newline after the rtt line, the pipe size, or nothing
                int pipe = Math.min(errors, 3);
                if (received > 0) {
                    double avg = avg();
                    double mdev = Math.sqrt(rtts.stream().mapToDouble(r -> (r - avg) * (r - avg)).sum() / rtts.size());
                    inv.println(String.format("rtt min/avg/max/mdev = %.3f/%.3f/%.3f/%.3f ms", min(), avg, max(), mdev));
                } else if (pipe > 1) {
                    inv.println("pipe " + pipe);
                } else {
                    inv.println("");
                }
            }
        }

        private double min() {
            return rtts.stream().mapToDouble(Double::doubleValue).min().orElse(0);
        }

        private double max() {
            return rtts.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        }

        private double avg() {
            return rtts.stream().mapToDouble(Double::doubleValue).average().orElse(0);
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
