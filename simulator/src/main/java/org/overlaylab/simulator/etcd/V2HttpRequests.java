/*
 * etcd v2 API requests as Go's net/http writes those of the etcd v2 client that Docker's libkv and
 * flanneld both use: the request line under /v2/keys, Host, Go's User-Agent, a form body for writes
 * (and its Content-Type on DELETE too, as the client sets it), Accept-Encoding: gzip.
 */
package org.overlaylab.simulator.etcd;

import java.nio.charset.StandardCharsets;

public final class V2HttpRequests {
    private V2HttpRequests() {}

    /** One request to `host` (host:port); `form` is the urlencoded body, or null for none. */
    public static byte[] request(String host, String method, String pathAndQuery, String form) {
        StringBuilder r = new StringBuilder(method).append(" /v2/keys").append(pathAndQuery).append(" HTTP/1.1\r\n")
                .append("Host: ").append(host).append("\r\n")
                .append("User-Agent: Go-http-client/1.1\r\n");
        if (form != null) {
            r.append("Content-Length: ").append(form.length()).append("\r\n");
        }
        if (form != null || method.equals("DELETE")) {
            r.append("Content-Type: application/x-www-form-urlencoded\r\n");
        }
        r.append("Accept-Encoding: gzip\r\n\r\n");
        if (form != null) {
            r.append(form);
        }
        return r.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Go's url.QueryEscape: letters, digits and -_.~ stay, a space becomes +, the rest %XX. */
    public static String formEscape(String s) {
        StringBuilder b = new StringBuilder();
        for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
            int c = x & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
                    || c == '.' || c == '~') {
                b.append((char) c);
            } else if (c == ' ') {
                b.append('+');
            } else {
                b.append('%').append(String.format("%02X", c));
            }
        }
        return b.toString();
    }
}
