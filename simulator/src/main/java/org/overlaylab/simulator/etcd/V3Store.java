/*
 * etcd's v3 key space: flat keys with revisions and leases, separate from the v2 tree as in a
 * real etcd 3.x. `ETCDCTL_API=3 etcdctl get --prefix` reads it.
 */
package org.overlaylab.simulator.etcd;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;

public final class V3Store {
    public record KeyValue(String key, String value, long createRevision, long modRevision, long version, long lease) {}

    private record Lease(long id, long ttlSeconds, long expiresAt) {}

    private final TreeMap<String, KeyValue> kvs = new TreeMap<>();
    private final Map<Long, Lease> leases = new HashMap<>();
    private final LongSupplier clock;
    private long revision = 1;
    private long nextLease = 0x694d5e3a1b2c3d00L;

    /** A write as the v3 API proposes it to raft: the InternalRaftRequest's put (4) or delete_range (5), its bytes. */
    public record Write(int field, byte[] request) {
    }

    private java.util.function.Consumer<Write> onWrite = w -> { };

    public void onWrite(java.util.function.Consumer<Write> listener) {
        this.onWrite = listener;
    }

    public V3Store(LongSupplier clock) {
        this.clock = clock;
    }

    public long revision() {
        return revision;
    }

    private void expire() {
        long now = clock.getAsLong();
        List<Long> dead = leases.values().stream().filter(l -> l.expiresAt <= now).map(Lease::id).toList();
        for (Long id : dead) {
            leases.remove(id);
            if (kvs.values().removeIf(kv -> kv.lease() == id)) {
                revision++;
            }
        }
    }

    public void put(String key, String value, long lease) {
        expire();
        revision++;
        KeyValue old = kvs.get(key);
        kvs.put(key, new KeyValue(key, value, old == null ? revision : old.createRevision(), revision,
                old == null ? 1 : old.version() + 1, lease));
        onWrite.accept(new Write(4, new Protobuf().string(1, key).string(2, value).varint(3, lease).toByteArray()));
    }

    public KeyValue get(String key) {
        expire();
        return kvs.get(key);
    }

    public List<KeyValue> prefix(String prefix) {
        expire();
        List<KeyValue> out = new ArrayList<>();
        for (KeyValue kv : kvs.tailMap(prefix).values()) {
            if (!kv.key().startsWith(prefix)) {
                break;
            }
            out.add(kv);
        }
        return out;
    }

    public int delete(String key, boolean prefix) {
        expire();
        int n;
        if (prefix) {
            List<String> keys = prefix(key).stream().map(KeyValue::key).toList();
            keys.forEach(kvs::remove);
            n = keys.size();
        } else {
            n = kvs.remove(key) == null ? 0 : 1;
        }
        if (n > 0) {
            revision++;
        }
        onWrite.accept(new Write(5, V3GrpcRequests.deleteRangeRequest(key, prefix)));
        return n;
    }

    public long grant(long ttlSeconds) {
        long id = nextLease++;
        leases.put(id, new Lease(id, ttlSeconds, clock.getAsLong() + ttlSeconds * 1_000_000_000L));
        return id;
    }

    public List<KeyValue> all() {
        expire();
        return new ArrayList<>(kvs.values());
    }
}
