/*
 * traceroute as busybox's applet prints it (checked against busybox traceroute in namespaces): UDP
 * probes to port 33434 + n with TTL 1, 2, ... through the forwarding engine, three a hop, each
 * waiting up to -w seconds for the router's "time exceeded" or the destination's "port
 * unreachable"; `*` where nothing answers. The ICMP rate limit a real router applies is not modelled.
 */
package org.overlaylab.simulator.programs;

import java.util.List;
import org.overlaylab.model.net.Ipv4;
import org.overlaylab.simulator.kernel.NetNs;
import org.overlaylab.simulator.net.Forwarder;
import org.overlaylab.simulator.net.Wire;
import org.overlaylab.simulator.shell.Invocation;
import org.overlaylab.simulator.shell.Program;
import org.overlaylab.simulator.world.VirtualClock;

final class TracerouteProgram implements Program {

    @Override
    public int run(Invocation inv) {
        boolean numeric = false;
        int maxTtl = 30;
        int firstTtl = 1;
        int probes = 3;
        int wait = 5;
        int basePort = 33434;
        String target = null;
        List<String> a = inv.rest();
        try {
            for (int i = 0; i < a.size(); i++) {
                String w = a.get(i);
                switch (w) {
                    case "-n" -> numeric = true;
                    case "-m" -> maxTtl = Integer.parseInt(a.get(++i));
                    case "-f" -> firstTtl = Integer.parseInt(a.get(++i));
                    case "-q" -> probes = Integer.parseInt(a.get(++i));
                    case "-w" -> wait = Integer.parseInt(a.get(++i));
                    case "-p" -> basePort = Integer.parseInt(a.get(++i));
                    default -> {
                        if (w.startsWith("-")) {
                            return inv.fail(1, "traceroute: invalid option -- '" + w.substring(1, 2) + "'\n"
                                    + "BusyBox v1.27.2 (2017-10-02 19:42:58 UTC) multi-call binary.\n\n"
                                    + "Usage: traceroute [-FIlnrv] [-f 1ST_TTL] [-m MAXTTL] [-q PROBES] [-p PORT]");
                        }
                        if (target == null) {
                            target = w;
                        }
                    }
                }
            }
        } catch (NumberFormatException | IndexOutOfBoundsException e) {
            return inv.fail(1, "traceroute: invalid number");
        }
        if (target == null) {
            return inv.fail(1, "BusyBox v1.27.2 (2017-10-02 19:42:58 UTC) multi-call binary.\n\n"
                    + "Usage: traceroute [-FIlnrv] [-f 1ST_TTL] [-m MAXTTL] [-q PROBES] [-p PORT]");
        }
        Integer dst = Ipv4.isValid(target) ? Integer.valueOf(Ipv4.parse(target)) : inv.ns.hostsFile().get(target);
        if (dst == null) {
            return inv.fail(1, "traceroute: bad address '" + target + "'");
        }
        Forwarder fw = inv.world.forwarder();
        Integer src = fw.sourceFor(inv.ns, dst);
        if (src == null) {
            return inv.fail(1, "traceroute: bind: Network is unreachable");
        }
        inv.println("traceroute to " + target + " (" + Ipv4.format(dst) + "), " + maxTtl + " hops max, 46 byte packets");
        Probe socket = new Probe();
        int sport = 32768 + inv.world.random().nextInt("traceroute-port:" + inv.host.name(), 28000);
        NetNs ns = inv.ns;
        fw.bindUdp(ns, sport, socket);
        int seq = 0;
        try {
            for (int ttl = firstTtl; ttl <= maxTtl; ttl++) {
                StringBuilder line = new StringBuilder(String.format("%2d", ttl));
                Integer lastFrom = null;
                boolean there = false;
                for (int p = 0; p < probes; p++) {
                    if (inv.world.interrupted()) {
                        inv.print(line.toString());
                        return 130;
                    }
                    seq++;
                    socket.expect(basePort + seq);
                    byte[] data = new byte[18];
                    data[0] = (byte) seq;
                    data[1] = (byte) ttl;
                    long sent = inv.world.clock().now();
                    byte[] udp = Wire.udp(src, dst, sport, basePort + seq, data, true);
                    byte[] ip = Wire.ipv4(src, dst, Wire.PROTO_UDP, ttl, fw.nextIpId(ns), false, udp);
                    fw.sendIp(ns, ip, fw.newTrace());
                    long until = sent + wait * VirtualClock.SECONDS;
                    while (!socket.answered && inv.world.clock().now() < until && !inv.world.interrupted()) {
                        inv.world.clock().runUntil(Math.min(until, inv.world.clock().now() + VirtualClock.MILLIS));
                    }
                    if (!socket.answered) {
                        line.append("  *");
                        continue;
                    }
                    if (lastFrom == null || lastFrom != socket.from) {
                        String addr = Ipv4.format(socket.from);
                        line.append("  ").append(numeric ? addr : addr + " (" + addr + ")");
                        lastFrom = socket.from;
                    }
                    double ms = (socket.at - sent) / 1e6;
                    line.append(String.format("  %.3f ms", ms));
                    if (socket.type == 3) {
                        switch (socket.code) {
                            case 3 -> there = true;
                            case 0 -> line.append(" !N");
                            case 1 -> line.append(" !H");
                            case 2 -> line.append(" !P");
                            case 4 -> line.append(" !F");
                            case 13 -> line.append(" !A");
                            default -> line.append(" !<").append(socket.code).append('>');
                        }
                    }
                }
                inv.println(line.toString());
                if (there) {
                    break;
                }
            }
        } finally {
            fw.unbindUdp(ns, sport);
        }
        return 0;
    }

    /** The probe socket: what answered the probe it is waiting for. */
    private static final class Probe implements Forwarder.UdpSocket {
        int port;
        boolean answered;
        int from;
        int type;
        int code;
        long at;

        void expect(int dport) {
            port = dport;
            answered = false;
        }

        @Override
        public void onDatagram(byte[] frame, int payloadOffset, long now) {
        }

        @Override
        public void onIcmpError(int t, int c, int src, byte[] f, int inner, long now) {
            int innerL4 = inner + (f[inner] & 0x0f) * 4;
            if (answered || Wire.u16(f, innerL4 + 2) != port) {
                return;
            }
            answered = true;
            from = src;
            type = t;
            code = c;
            at = now;
        }
    }
}
