/*
 * Live capture on one device of one host: tcpdump -U -w - runs inside the namespace (the host's,
 * a container's or a Docker overlay namespace) and its pcap stream is read as it arrives with the
 * packets module's streaming PcapReader, each record becoming a CapturedFrame. The direction comes from the source MAC (the device's own is
 * OUT); the trace id is derived from the innermost IPv4 header (through VXLAN and GRE), so the
 * outer and inner frames of one ping share it.
 */
package org.overlaylab.hosts.netns;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.overlaylab.hosts.exec.Exec;
import org.overlaylab.model.backend.BackendException;
import org.overlaylab.model.backend.CaptureHandle;
import org.overlaylab.model.backend.CapturePoint;
import org.overlaylab.model.backend.CapturedFrame;
import org.overlaylab.model.backend.FrameListener;
import org.overlaylab.packets.PcapReader;
import org.overlaylab.packets.PcapRecord;

final class NetnsCapture implements CaptureHandle {
    private static final AtomicLong SEQUENCE = new AtomicLong();

    private final CapturePoint point;
    private final Process process;
    private final Thread reader;
    private volatile boolean closed;

    private NetnsCapture(CapturePoint point, Process process, Thread reader) {
        this.point = point;
        this.process = process;
        this.reader = reader;
    }

    static NetnsCapture start(NetnsLab lab, CapturePoint point, FrameListener listener) throws BackendException {
        if (point.isAny() || point.device() == null || point.device().equals("any") || "*".equals(point.namespace())) {
            throw new BackendException("the netns backend captures on a named device of a named host, not on " + point);
        }
        LabHost h = lab.host(point.host());
        if (h == null) {
            throw new BackendException("no host " + point.host() + " in this lab");
        }
        String dev = point.device();
        String ns = point.namespace();
        String prefix;
        try {
            if (ns != null && ns.equals("overlay")) {
                // Docker's first overlay namespace on the host, as a lab check names it
                String first = h.check("ls /run/docker/netns | grep -E '^[0-9]+-[0-9a-f]+$' | head -1", Duration.ofSeconds(10)).strip();
                if (first.isEmpty()) {
                    throw new BackendException("no overlay namespace on " + h.name() + " yet");
                }
                ns = first;
            }
            if (ns == null || ns.equals("host")) {
                prefix = "";
            } else if (ns.matches("[0-9]+-[0-9a-f]+") || java.nio.file.Files.exists(h.dir().resolve("run/docker/netns").resolve(ns))) {
                // an overlay namespace, or a container's sandbox named as Docker names it
                prefix = "nsenter --net=/run/docker/netns/" + ns + " ";
            } else {
                String pid = h.check("docker inspect -f '{{.State.Pid}}' " + Exec.quote(ns), Duration.ofSeconds(10)).strip();
                if (pid.equals("0")) {
                    throw new BackendException("container " + ns + " on " + h.name() + " is not running");
                }
                prefix = "nsenter -t " + pid + " -n ";
            }
            String mac = h.check(prefix + "ip -br link show dev " + Exec.quote(dev), Duration.ofSeconds(10)).trim();
            String[] f = mac.split("\\s+");
            String devMac = f.length >= 3 ? f[2].toLowerCase() : "";
            List<String> argv = new ArrayList<>(List.of("setsid"));
            argv.addAll(h.enter());
            argv.addAll(List.of("bash", "-c", "exec " + prefix + "tcpdump -U -n -i " + Exec.quote(dev)
                    + " -s 65535 --immediate-mode -w - 2>" + Exec.quote(h.dir().resolve("logs/capture-" + dev + ".log").toString())));
            ProcessBuilder pb = new ProcessBuilder(argv);
            pb.environment().clear();
            pb.environment().putAll(withoutNulls(h.baseEnvironment()));
            pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            Process p = pb.start();
            String nsName = ns == null ? "host" : ns;
            Thread t = new Thread(() -> read(p.getInputStream(), point.host(), nsName, dev, devMac, listener), "capture-" + point);
            t.setDaemon(true);
            NetnsCapture c = new NetnsCapture(point, p, t);
            t.start();
            awaitListening(h, dev, p);
            return c;
        } catch (IOException e) {
            throw new BackendException("cannot capture on " + point + ": " + e.getMessage(), e);
        }
    }

    private static java.util.Map<String, String> withoutNulls(java.util.Map<String, String> m) {
        java.util.Map<String, String> out = new java.util.HashMap<>();
        m.forEach((k, v) -> {
            if (v != null) {
                out.put(k, v);
            }
        });
        return out;
    }

    private static void awaitListening(LabHost h, String dev, Process p) throws IOException {
        java.nio.file.Path log = h.dir().resolve("logs/capture-" + dev + ".log");
        long until = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        while (System.nanoTime() < until) {
            if (!p.isAlive()) {
                throw new IOException("tcpdump ended: " + (java.nio.file.Files.exists(log) ? java.nio.file.Files.readString(log).strip() : ""));
            }
            if (java.nio.file.Files.exists(log) && java.nio.file.Files.readString(log).contains("listening on")) {
                return;
            }
            Sweeper.sleep(20);
        }
    }

    private static void read(InputStream raw, String host, String ns, String dev, String devMac, FrameListener listener) {
        try (PcapReader in = PcapReader.open(raw)) {
            PcapRecord r;
            while ((r = in.next()) != null) {
                byte[] data = r.data();
                long t = r.epochSecond() * 1_000_000_000L + r.micros() * 1000L;
                CapturedFrame.Direction dir = data.length >= 12 && mac(data, 6).equals(devMac)
                        ? CapturedFrame.Direction.OUT : CapturedFrame.Direction.IN;
                long[] trace = trace(data);
                listener.onFrame(new CapturedFrame(SEQUENCE.incrementAndGet(), t, host, ns, dev, dir, data,
                        r.originalLength(), trace[0], (int) trace[1], null));
            }
        } catch (IOException | RuntimeException e) {
            // tcpdump stopped or the stream broke: the capture ends
        }
    }

    static String mac(byte[] d, int off) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            if (i > 0) {
                sb.append(':');
            }
            sb.append(String.format("%02x", d[off + i] & 0xff));
        }
        return sb.toString();
    }

    /** {trace id, hop} from the innermost IPv4 header: hash of addresses, IP id and protocol; 64 - TTL. */
    static long[] trace(byte[] d) {
        int off = 0;
        int ip = -1;
        for (int depth = 0; depth < 4; depth++) {
            if (off + 14 > d.length) {
                break;
            }
            int type = ((d[off + 12] & 0xff) << 8) | (d[off + 13] & 0xff);
            if (type != 0x0800 || off + 34 > d.length) {
                break;
            }
            ip = off + 14;
            int ihl = (d[ip] & 0x0f) * 4;
            int proto = d[ip + 9] & 0xff;
            int l4 = ip + ihl;
            if (proto == 17 && l4 + 8 <= d.length) {
                int dport = ((d[l4 + 2] & 0xff) << 8) | (d[l4 + 3] & 0xff);
                if ((dport == 4789 || dport == 8472) && l4 + 16 + 14 <= d.length) {
                    off = l4 + 16;
                    continue;
                }
            } else if (proto == 47 && l4 + 4 <= d.length) {
                int flags = (d[l4] & 0xff);
                int gproto = ((d[l4 + 2] & 0xff) << 8) | (d[l4 + 3] & 0xff);
                int glen = 4 + ((flags & 0x80) != 0 ? 4 : 0) + ((flags & 0x20) != 0 ? 4 : 0) + ((flags & 0x10) != 0 ? 4 : 0);
                if (gproto == 0x6558) {
                    off = l4 + glen;
                    continue;
                }
            }
            break;
        }
        if (ip < 0) {
            return new long[] {0, 0};
        }
        long h = 1469598103934665603L;
        int[] fields = {ip + 12, ip + 13, ip + 14, ip + 15, ip + 16, ip + 17, ip + 18, ip + 19, ip + 4, ip + 5, ip + 9};
        for (int f : fields) {
            h = (h ^ (d[f] & 0xff)) * 1099511628211L;
        }
        int ttl = d[ip + 8] & 0xff;
        return new long[] {h & Long.MAX_VALUE, Math.max(0, 64 - ttl)};
    }

    @Override
    public CapturePoint point() {
        return point;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        Exec.signalGroup(process.pid(), "INT");
        try {
            if (!process.waitFor(2, java.util.concurrent.TimeUnit.SECONDS)) {
                Exec.signalGroup(process.pid(), "KILL");
                process.destroyForcibly();
            }
            reader.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
