/*
 * Where frames are captured: a device in a namespace of a host, like `tcpdump -i`. A null
 * namespace means the host's own ("host"), "*" every namespace of the host; a null or "any"
 * device every device; ANY every device of every host.
 */
package org.overlaylab.model.backend;

public record CapturePoint(String host, String namespace, String device) {

    public static final CapturePoint ANY = new CapturePoint(null, null, null);

    /** The name every backend gives a host's own network namespace. */
    public static final String HOST_NAMESPACE = "host";

    public static CapturePoint of(String host, String device) {
        return new CapturePoint(host, null, device);
    }

    public boolean isAny() {
        return host == null;
    }

    public boolean matches(String frameHost, String frameNamespace, String frameDevice) {
        if (isAny()) {
            return true;
        }
        if (!host.equals(frameHost)) {
            return false;
        }
        String want = namespace == null ? HOST_NAMESPACE : namespace;
        String have = frameNamespace == null ? HOST_NAMESPACE : frameNamespace;
        if (!want.equals("*") && !want.equals(have)) {
            return false;
        }
        return device == null || device.equals("any") || device.equals(frameDevice);
    }

    @Override
    public String toString() {
        if (isAny()) {
            return "any";
        }
        return host + (namespace == null ? "" : "/" + namespace) + ":" + (device == null ? "any" : device);
    }
}
