/*
 * Where a capture point lies on a lab host, as the words to put in front of tcpdump: nothing for
 * the host's own namespace, `nsenter --net=/run/docker/netns/X` for Docker's overlay namespaces
 * and container sandboxes ("overlay" means the host's first overlay namespace, as lab checks name
 * it), `nsenter -t PID -n` for a container named by its name. Also the device's own MAC, which
 * tells outgoing frames from incoming ones. Works through any root shell on the host.
 */
package org.overlaylab.hosts.capture;

import java.io.IOException;
import org.overlaylab.hosts.exec.Exec;
import org.overlaylab.model.backend.BackendException;
import org.overlaylab.model.backend.CapturePoint;

public record CaptureTarget(String namespace, String prefix, String device, String deviceMac) {

    /** A root shell on the host: runs a script, throwing with its output when it fails. */
    @FunctionalInterface
    public interface RootShell {
        String check(String script) throws IOException;
    }

    /** The tcpdump command line that writes the device's frames as a pcap stream on stdout. */
    public String tcpdump() {
        return prefix + "tcpdump -U -n -i " + Exec.quote(device) + " -s 65535 --immediate-mode -w -";
    }

    /** A real backend runs one tcpdump per device: it needs a named device on a named host. */
    public static void requireOneDevice(CapturePoint point, String backendKind) throws BackendException {
        if (point.isAny() || point.device() == null || point.device().equals("any") || "*".equals(point.namespace())) {
            throw new BackendException("the " + backendKind + " backend captures on a named device of a named host, not on " + point);
        }
    }

    public static CaptureTarget resolve(String host, String namespace, String device, RootShell shell)
            throws BackendException, IOException {
        String ns = namespace;
        if (ns != null && ns.equals("overlay")) {
            String first = shell.check("ls /run/docker/netns 2>/dev/null | grep -E '^[0-9]+-[0-9a-f]+$' | head -1").strip();
            if (first.isEmpty()) {
                throw new BackendException("no overlay namespace on " + host + " yet");
            }
            ns = first;
        }
        String prefix;
        if (ns == null || ns.equals("host")) {
            prefix = "";
        } else if (ns.matches("[0-9]+-[0-9a-f]+")
                || shell.check("[ -e /run/docker/netns/" + Exec.quote(ns) + " ] && echo yes || echo no").strip().equals("yes")) {
            // an overlay namespace, or a container's sandbox named as Docker names it
            prefix = "nsenter --net=/run/docker/netns/" + ns + " ";
        } else {
            String pid = shell.check("docker inspect -f '{{.State.Pid}}' " + Exec.quote(ns)).strip();
            if (pid.equals("0")) {
                throw new BackendException("container " + ns + " on " + host + " is not running");
            }
            prefix = "nsenter -t " + pid + " -n ";
        }
        String line = shell.check(prefix + "ip -br link show dev " + Exec.quote(device)).trim();
        String[] f = line.split("\\s+");
        String mac = f.length >= 3 ? f[2].toLowerCase() : "";
        return new CaptureTarget(ns == null ? "host" : ns, prefix, device, mac);
    }
}
