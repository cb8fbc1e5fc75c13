/*
 * Talks to the lab's etcd members from this JVM without a route into the lab: the v2 key API over
 * plain HTTP on a connection the lab host opens from inside (a socket in its namespace, a channel
 * through its SSH session), and the v3 API through jetcd over a loopback relay onto such
 * connections. Used by the flannel agent, the Calico mapping and observation (which says per key
 * which API it came from).
 */
package org.overlaylab.hosts.etcd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.etcd.jetcd.Client;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.overlaylab.hosts.core.RealHost;

public final class EtcdAccess implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** An HTTP answer: status code and body. */
    public record HttpAnswer(int status, String body, long etcdIndex) {
        public JsonNode json() throws IOException {
            return JSON.readTree(body);
        }
    }

    private final Map<String, TcpRelay> relays = new ConcurrentHashMap<>();
    private final Map<String, Client> clients = new ConcurrentHashMap<>();

    /** One HTTP/1.0 request to host:port, connecting from inside a lab host. */
    public HttpAnswer http(RealHost from, String host, int port, String method, String path, String formBody, int timeoutMillis)
            throws IOException {
        try (Socket s = from.connect(host, port, Math.min(timeoutMillis, 3000))) {
            return exchange(s, host, port, method, path, formBody, timeoutMillis);
        }
    }

    /** Sends one request on an open socket and reads the answer; a timeout of 0 waits for ever (watches). */
    public static HttpAnswer exchange(Socket s, String host, int port, String method, String path, String formBody,
                                      int timeoutMillis) throws IOException {
        {
            s.setSoTimeout(timeoutMillis);
            StringBuilder req = new StringBuilder();
            req.append(method).append(' ').append(path).append(" HTTP/1.0\r\nHost: ").append(host).append(':').append(port).append("\r\n");
            byte[] body = formBody == null ? new byte[0] : formBody.getBytes(StandardCharsets.UTF_8);
            if (formBody != null) {
                req.append("Content-Type: application/x-www-form-urlencoded\r\nContent-Length: ").append(body.length).append("\r\n");
            }
            req.append("\r\n");
            OutputStream out = s.getOutputStream();
            out.write(req.toString().getBytes(StandardCharsets.UTF_8));
            out.write(body);
            out.flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            String text = all.toString(StandardCharsets.UTF_8);
            int headEnd = text.indexOf("\r\n\r\n");
            if (!text.startsWith("HTTP/") || headEnd < 0) {
                throw new IOException("not an HTTP answer from " + host + ":" + port);
            }
            int status = Integer.parseInt(text.substring(9, 12));
            long index = -1;
            for (String h : text.substring(0, headEnd).split("\r\n")) {
                if (h.toLowerCase(java.util.Locale.ROOT).startsWith("x-etcd-index:")) {
                    index = Long.parseLong(h.substring(h.indexOf(':') + 1).trim());
                }
            }
            return new HttpAnswer(status, text.substring(headEnd + 4), index);
        }
    }

    /** GET /v2/keys{key}; recursive lists a whole tree. */
    public HttpAnswer v2Get(RealHost from, String host, int port, String key, boolean recursive) throws IOException {
        return http(from, host, port, "GET", "/v2/keys" + key + (recursive ? "?recursive=true&sorted=true" : ""), null, 3000);
    }

    public HttpAnswer v2Put(RealHost from, String host, int port, String key, String value) throws IOException {
        return http(from, host, port, "PUT", "/v2/keys" + key,
                "value=" + URLEncoder.encode(value, StandardCharsets.UTF_8), 3000);
    }

    /** PUT with a TTL in seconds, as flannel 0.6 writes its leases. */
    public HttpAnswer v2PutWithTtl(RealHost from, String host, int port, String key, String value, long ttlSeconds) throws IOException {
        return http(from, host, port, "PUT", "/v2/keys" + key,
                "value=" + URLEncoder.encode(value, StandardCharsets.UTF_8) + "&ttl=" + ttlSeconds, 3000);
    }

    public HttpAnswer v2Delete(RealHost from, String host, int port, String key) throws IOException {
        return http(from, host, port, "DELETE", "/v2/keys" + key, null, 3000);
    }

    /** A jetcd client for the etcd at host:port as seen from inside a lab host; one per target, kept open. */
    public Client v3(RealHost from, String host, int port) throws IOException {
        String id = from.name() + "|" + host + "|" + port;
        Client c = clients.get(id);
        if (c != null) {
            return c;
        }
        TcpRelay relay = relays.get(id);
        if (relay == null) {
            relay = new TcpRelay(() -> from.connect(host, port, 3000), from.name() + "-" + port);
            relays.put(id, relay);
        }
        c = Client.builder().endpoints("http://127.0.0.1:" + relay.localPort())
                .connectTimeout(Duration.ofSeconds(3)).keepaliveWithoutCalls(false).build();
        clients.put(id, c);
        return c;
    }

    @Override
    public void close() {
        clients.values().forEach(Client::close);
        clients.clear();
        relays.values().forEach(TcpRelay::close);
        relays.clear();
    }
}
