/*
 * Live capture on a device of a host over SSH: `tcpdump -U -w - -i DEV` runs as root on the host
 * (inside the right namespace, see CaptureTarget) and its pcap stream is decoded as it arrives
 * over the channel (FrameStream), each record becoming a CapturedFrame. Closing sends Ctrl-C to
 * tcpdump and closes the channel.
 */
package org.overlaylab.hosts.ssh;

import java.io.IOException;
import java.time.Duration;
import org.overlaylab.hosts.capture.CaptureTarget;
import org.overlaylab.hosts.capture.FrameStream;
import org.overlaylab.model.backend.BackendException;
import org.overlaylab.model.backend.CaptureHandle;
import org.overlaylab.model.backend.CapturePoint;
import org.overlaylab.model.backend.FrameListener;

final class SshCapture implements CaptureHandle {
    private static final Duration CHECK = Duration.ofSeconds(15);

    private final CapturePoint point;
    private final RemoteProcess tcpdump;
    private final Thread reader;
    private volatile boolean closed;

    private SshCapture(CapturePoint point, RemoteProcess tcpdump, Thread reader) {
        this.point = point;
        this.tcpdump = tcpdump;
        this.reader = reader;
    }

    static SshCapture start(SshLab lab, CapturePoint point, FrameListener listener) throws BackendException {
        CaptureTarget.requireOneDevice(point, "ssh");
        SshHost h = lab.host(point.host());
        if (h == null) {
            throw new BackendException("no host " + point.host() + " in this lab");
        }
        h.requireReachable();
        try {
            CaptureTarget target = CaptureTarget.resolve(h.name(), point.namespace(), point.device(), script -> h.rootCheck(script, CHECK));
            RemoteProcess p = RemoteProcess.streaming(h.link(),
                    h.commandLine("exec " + target.tcpdump(), h.baseEnvironment(), true, false));
            Thread t = new Thread(() -> FrameStream.read(p.stdout(), point.host(), target.namespace(), point.device(),
                    target.deviceMac(), listener), "ssh-capture-" + point);
            t.setDaemon(true);
            t.start();
            SshCapture c = new SshCapture(point, p, t);
            c.awaitListening();
            return c;
        } catch (IOException e) {
            throw new BackendException("cannot capture on " + point + ": " + e.getMessage(), e);
        }
    }

    /** tcpdump says "listening on" once it captures; frames sent before would be missed. */
    private void awaitListening() throws IOException {
        long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < until) {
            if (tcpdump.stderrSoFar().contains("listening on")) {
                return;
            }
            if (!tcpdump.alive()) {
                close();
                throw new IOException("tcpdump ended: " + tcpdump.stderrSoFar().strip());
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
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
        tcpdump.interrupt();
        tcpdump.await(Duration.ofSeconds(3));
        try {
            reader.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
