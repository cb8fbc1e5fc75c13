/*
 * Live capture on one device of one host: tcpdump -U -w - runs inside the namespace (the host's,
 * a container's or a Docker overlay namespace) and its pcap stream is read as it arrives with the
 * packets module's streaming PcapReader, each record becoming a CapturedFrame (see FrameStream).
 * A lab router's links are captured the same way in the router's namespace; its frames carry the
 * router's name where a host's carry the host's.
 */
package org.overlaylab.hosts.netns;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.overlaylab.hosts.capture.CaptureTarget;
import org.overlaylab.hosts.capture.FrameStream;
import org.overlaylab.hosts.exec.Exec;
import org.overlaylab.model.backend.BackendException;
import org.overlaylab.model.backend.CaptureHandle;
import org.overlaylab.model.backend.CapturePoint;
import org.overlaylab.model.backend.FrameListener;

final class NetnsCapture implements CaptureHandle {
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
        CaptureTarget.requireOneDevice(point, "netns");
        NetnsHost h = lab.host(point.host());
        if (h == null && lab.lab().router(point.host()).isPresent()) {
            return startOnRouter(lab, point, listener);
        }
        if (h == null) {
            throw new BackendException("no host " + point.host() + " in this lab");
        }
        String dev = point.device();
        try {
            CaptureTarget target = CaptureTarget.resolve(h.name(), point.namespace(), dev, script -> h.check(script, Duration.ofSeconds(10)));
            String devMac = target.deviceMac();
            List<String> argv = new ArrayList<>(List.of("setsid"));
            argv.addAll(h.enter());
            argv.addAll(List.of("bash", "-c", "exec " + target.tcpdump() + " 2>"
                    + Exec.quote(h.dir().resolve("logs/capture-" + dev + ".log").toString())));
            ProcessBuilder pb = new ProcessBuilder(argv);
            pb.environment().clear();
            pb.environment().putAll(withoutNulls(h.baseEnvironment()));
            pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            Process p = pb.start();
            String nsName = target.namespace();
            Thread t = new Thread(() -> FrameStream.read(p.getInputStream(), point.host(), nsName, dev, devMac, listener),
                    "capture-" + point);
            t.setDaemon(true);
            NetnsCapture c = new NetnsCapture(point, p, t);
            t.start();
            awaitListening(h.dir().resolve("logs/capture-" + dev + ".log"), p);
            return c;
        } catch (IOException e) {
            throw new BackendException("cannot capture on " + point + ": " + e.getMessage(), e);
        }
    }

    /** tcpdump on one link of a lab router, run as the machine's root in the router's namespace. */
    private static NetnsCapture startOnRouter(NetnsLab lab, CapturePoint point, FrameListener listener) throws BackendException {
        if (point.namespace() != null && !point.namespace().equals(CapturePoint.HOST_NAMESPACE)) {
            throw new BackendException("router " + point.host() + " has no namespace " + point.namespace());
        }
        String dev = point.device();
        String netns = LabLayout.netnsPath(lab.layout().routerNetns(point.host())).toString();
        java.nio.file.Path log = lab.layout().root().resolve("capture-" + point.host() + "-" + dev + ".log");
        try {
            String line = Exec.check(Duration.ofSeconds(10), List.of("nsenter", "--net=" + netns, "ip", "-br", "link", "show", "dev", dev)).trim();
            String[] f = line.split("\\s+");
            String devMac = f.length >= 3 ? f[2].toLowerCase() : "";
            ProcessBuilder pb = new ProcessBuilder("setsid", "nsenter", "--net=" + netns, "bash", "-c",
                    "exec tcpdump -U -n -i " + Exec.quote(dev) + " -s 65535 --immediate-mode -w - 2>" + Exec.quote(log.toString()));
            pb.environment().clear();
            pb.environment().put("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
            pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            Process p = pb.start();
            Thread t = new Thread(() -> FrameStream.read(p.getInputStream(), point.host(), CapturePoint.HOST_NAMESPACE, dev, devMac, listener),
                    "capture-" + point);
            t.setDaemon(true);
            NetnsCapture c = new NetnsCapture(point, p, t);
            t.start();
            awaitListening(log, p);
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

    private static void awaitListening(java.nio.file.Path log, Process p) throws IOException {
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
