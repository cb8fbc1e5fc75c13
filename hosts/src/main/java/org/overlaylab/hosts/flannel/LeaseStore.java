/*
 * Where flannel keeps its config and leases: the etcd v2 key space (flannel 0.6, the tutorial's
 * version, which `etcdctl set` / `etcdctl ls` show) or the v3 one through jetcd (current flannel).
 * The agent uses the API its config was found in, as the flanneld of that era would.
 */
package org.overlaylab.hosts.flannel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchEvent;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.overlaylab.hosts.core.RealHost;
import org.overlaylab.hosts.etcd.EtcdAccess;

interface LeaseStore extends AutoCloseable {
    ObjectMapper JSON = new ObjectMapper();

    String api();

    /** The value at key, or null. */
    String get(String key) throws IOException;

    /** Every key under the prefix (one level), with its JSON value. */
    Map<String, JsonNode> list(String prefix) throws IOException;

    void putWithTtl(String key, String value, long ttlSeconds) throws IOException;

    /** Calls back for every later put (key, value) and delete/expiry (key) under the prefix. */
    void watch(String prefix, BiConsumer<String, JsonNode> put, Consumer<String> removed) throws IOException;

    @Override
    void close();

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    /** etcd v3 through jetcd: a lease carries the TTL, a prefix watch follows changes. */
    final class V3 implements LeaseStore {
        private final Client client;
        private Watch.Watcher watcher;

        V3(Client client) {
            this.client = client;
        }

        private static ByteSequence bs(String s) {
            return ByteSequence.from(s, StandardCharsets.UTF_8);
        }

        @Override
        public String api() {
            return "v3";
        }

        @Override
        public String get(String key) throws IOException {
            try {
                var r = client.getKVClient().get(bs(key)).get(3, TimeUnit.SECONDS);
                return r.getKvs().isEmpty() ? null : r.getKvs().get(0).getValue().toString(StandardCharsets.UTF_8);
            } catch (Exception e) {
                throw new IOException(rootMessage(e));
            }
        }

        @Override
        public Map<String, JsonNode> list(String prefix) throws IOException {
            Map<String, JsonNode> out = new LinkedHashMap<>();
            try {
                var r = client.getKVClient().get(bs(prefix), GetOption.builder().isPrefix(true).build()).get(5, TimeUnit.SECONDS);
                for (KeyValue kv : r.getKvs()) {
                    out.put(kv.getKey().toString(StandardCharsets.UTF_8), JSON.readTree(kv.getValue().toString(StandardCharsets.UTF_8)));
                }
            } catch (IOException e) {
                throw e;
            } catch (Exception e) {
                throw new IOException(rootMessage(e));
            }
            return out;
        }

        @Override
        public void putWithTtl(String key, String value, long ttlSeconds) throws IOException {
            try {
                long id = client.getLeaseClient().grant(ttlSeconds).get(5, TimeUnit.SECONDS).getID();
                client.getKVClient().put(bs(key), bs(value), PutOption.builder().withLeaseId(id).build()).get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IOException(rootMessage(e));
            }
        }

        @Override
        public void watch(String prefix, BiConsumer<String, JsonNode> put, Consumer<String> removed) {
            watcher = client.getWatchClient().watch(bs(prefix), WatchOption.builder().isPrefix(true).build(), Watch.listener(resp -> {
                for (WatchEvent ev : resp.getEvents()) {
                    String k = ev.getKeyValue().getKey().toString(StandardCharsets.UTF_8);
                    if (ev.getEventType() == WatchEvent.EventType.PUT) {
                        try {
                            put.accept(k, JSON.readTree(ev.getKeyValue().getValue().toString(StandardCharsets.UTF_8)));
                        } catch (IOException ignored) {
                            // not a lease
                        }
                    } else if (ev.getEventType() == WatchEvent.EventType.DELETE) {
                        removed.accept(k);
                    }
                }
            }));
        }

        @Override
        public void close() {
            if (watcher != null) {
                watcher.close();
            }
        }
    }

    /** etcd v2 over HTTP from inside the host: TTL on the key, long-poll watch with ?wait=true. */
    final class V2 implements LeaseStore {
        private final EtcdAccess etcd;
        private final RealHost from;
        private final String host;
        private final int port;
        private volatile Socket watchSocket;
        private volatile boolean closed;

        V2(EtcdAccess etcd, RealHost from, String host, int port) {
            this.etcd = etcd;
            this.from = from;
            this.host = host;
            this.port = port;
        }

        @Override
        public String api() {
            return "v2";
        }

        @Override
        public String get(String key) throws IOException {
            EtcdAccess.HttpAnswer a = etcd.v2Get(from, host, port, key, false);
            if (a.status() == 404) {
                return null;
            }
            if (a.status() >= 300) {
                throw new IOException(a.body().strip());
            }
            return a.json().path("node").path("value").asText();
        }

        @Override
        public Map<String, JsonNode> list(String prefix) throws IOException {
            Map<String, JsonNode> out = new LinkedHashMap<>();
            String dir = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
            EtcdAccess.HttpAnswer a = etcd.v2Get(from, host, port, dir, true);
            if (a.status() == 404) {
                return out;
            }
            for (JsonNode n : a.json().path("node").path("nodes")) {
                if (n.has("value")) {
                    out.put(n.path("key").asText(), JSON.readTree(n.path("value").asText()));
                }
            }
            return out;
        }

        @Override
        public void putWithTtl(String key, String value, long ttlSeconds) throws IOException {
            EtcdAccess.HttpAnswer a = etcd.v2PutWithTtl(from, host, port, key, value, ttlSeconds);
            if (a.status() >= 300) {
                throw new IOException(a.body().strip());
            }
        }

        @Override
        public void watch(String prefix, BiConsumer<String, JsonNode> put, Consumer<String> removed) throws IOException {
            String dir = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
            long start = etcd.v2Get(from, host, port, dir, false).etcdIndex() + 1;
            Thread t = new Thread(() -> {
                long next = start;
                while (!closed) {
                    try (Socket s = from.connect(host, port, 3000)) {
                        watchSocket = s;
                        EtcdAccess.HttpAnswer a = EtcdAccess.exchange(s, host, port, "GET",
                                "/v2/keys" + dir + "?wait=true&recursive=true&waitIndex=" + next, null, 0);
                        JsonNode j = a.json();
                        if (a.status() != 200) {
                            // the wait index was compacted away: carry on from now
                            next = a.etcdIndex() + 1;
                            continue;
                        }
                        JsonNode node = j.path("node");
                        next = node.path("modifiedIndex").asLong(next) + 1;
                        String action = j.path("action").asText();
                        String key = node.path("key").asText();
                        if (action.equals("set") || action.equals("create") || action.equals("update")
                                || action.equals("compareAndSwap")) {
                            put.accept(key, JSON.readTree(node.path("value").asText()));
                        } else {
                            removed.accept(key);
                        }
                    } catch (IOException e) {
                        if (closed) {
                            return;
                        }
                        try {
                            Thread.sleep(500);
                        } catch (InterruptedException ie) {
                            return;
                        }
                    }
                }
            }, "flannel-v2-watch");
            t.setDaemon(true);
            t.start();
        }

        @Override
        public void close() {
            closed = true;
            Socket s = watchSocket;
            if (s != null) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
        }
    }
}
