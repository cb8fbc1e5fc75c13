/*
 * etcd's v2 key tree: directories and keys with values, TTLs and the cluster-wide modification
 * index, as `etcdctl` (API v2), Docker's libkv, flannel 0.6 and Calico 2.6 use it. Expired keys
 * vanish when read, against the virtual clock.
 */
package org.overlaylab.simulator.etcd;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

public final class V2Store {

    /** One node of the tree; value is null for a directory. */
    public static final class Node {
        final String key;
        String value;
        final boolean dir;
        long expiresAt;
        final long createdIndex;
        long modifiedIndex;
        final TreeMap<String, Node> children = new TreeMap<>();

        Node(String key, String value, boolean dir, long index) {
            this.key = key;
            this.value = value;
            this.dir = dir;
            this.createdIndex = index;
            this.modifiedIndex = index;
        }

        public String key() {
            return key;
        }

        public String value() {
            return value;
        }

        public boolean dir() {
            return dir;
        }

        public long expiresAt() {
            return expiresAt;
        }

        public long modifiedIndex() {
            return modifiedIndex;
        }

        public long createdIndex() {
            return createdIndex;
        }

        public List<Node> children() {
            return new ArrayList<>(children.values());
        }
    }

    /** An etcd v2 error: code, message and the cause key, printed as "Error:  100: Key not found (/x) [12]". */
    public static final class EtcdError extends Exception {
        final int code;
        final String cause;
        final long index;

        EtcdError(int code, String message, String cause, long index) {
            super(message);
            this.code = code;
            this.cause = cause;
            this.index = index;
        }

        public int code() {
            return code;
        }

        public String etcdctlText() {
            return "Error:  " + code + ": " + getMessage() + " (" + cause + ") [" + index + "]";
        }
    }

    private final Node root = new Node("/", null, true, 0);
    private final LongSupplier clock;
    private long index;
    /** The soonest any key expires; walking the tree for expired keys before then finds nothing. */
    private long earliestExpiry = Long.MAX_VALUE;
    /** When the first key with a TTL was written (-1 before): from then on the leader syncs expiries through raft. */
    private long firstTtlAt = -1;

    /**
     * A write as etcd's v2 API turns it into a raft proposal (etcdserverpb.Request): method, the
     * key under the store's "/1" prefix, value, dir, the expiry time (Unix nanoseconds, 0 for none),
     * recursive, and PrevExist and Refresh when the client set them (null otherwise).
     */
    public record Write(String method, String key, String value, boolean dir, long expiration, boolean recursive,
                        Boolean prevExist, Boolean refresh) {
    }

    private Consumer<Write> onWrite = w -> { };
    /** Nesting of public writes: a write made of others (mkdir, create) proposes once. */
    private int writing;
    /** Entries from the v3 API: they take raft indexes but leave this store's index alone. */
    private long v3Entries;

    /** etcd 3.4's leader proposes a SYNC request this often while keys have a TTL. */
    public static final long SYNC_INTERVAL = 500_000_000L;
    private Runnable onFirstTtl = () -> { };

    /** Called once, when the first key with a TTL is written: the leader's SYNC entries start then. */
    public void onFirstTtl(Runnable listener) {
        this.onFirstTtl = listener;
    }

    /** Unix nanoseconds of a virtual time. */
    public long unixNanosAt(long virtualNanos) {
        return unixNanos(virtualNanos);
    }

    public void onWrite(Consumer<Write> listener) {
        this.onWrite = listener;
    }

    /** A v3 write took a raft index. */
    public void countV3Entry() {
        v3Entries++;
    }

    private void proposed(Write w) {
        if (writing == 0) {
            onWrite.accept(w);
        }
    }

    private long unixNanos(long virtualNanos) {
        if (virtualNanos == 0) {
            return 0;
        }
        java.time.Instant t = org.overlaylab.simulator.text.Times.instant(virtualNanos);
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    public V2Store(LongSupplier clock) {
        this.clock = clock;
    }

    public long index() {
        return index;
    }

    static String normalize(String key) {
        String k = key.startsWith("/") ? key : "/" + key;
        while (k.length() > 1 && k.endsWith("/")) {
            k = k.substring(0, k.length() - 1);
        }
        return k.replaceAll("/+", "/");
    }

    private void expire(Node n) {
        long now = clock.getAsLong();
        if (n == root) {
            if (now < earliestExpiry) {
                return;
            }
            earliestExpiry = Long.MAX_VALUE;
        }
        n.children.values().removeIf(c -> c.expiresAt != 0 && c.expiresAt <= now);
        for (Node c : n.children.values()) {
            if (c.expiresAt != 0) {
                earliestExpiry = Math.min(earliestExpiry, c.expiresAt);
            }
            expire(c);
        }
    }

    private void noteExpiry(long at) {
        if (at != 0) {
            earliestExpiry = Math.min(earliestExpiry, at);
        }
    }

    public Node find(String key) {
        expire(root);
        String k = normalize(key);
        if (k.equals("/")) {
            return root;
        }
        Node n = root;
        for (String part : k.substring(1).split("/")) {
            n = n.children.get(part);
            if (n == null) {
                return null;
            }
        }
        return n;
    }

    public Node get(String key) throws EtcdError {
        Node n = find(key);
        if (n == null) {
            throw new EtcdError(100, "Key not found", normalize(key), index);
        }
        return n;
    }

    /** Sets a key (creating parent directories); ttlSeconds 0 means no TTL. */
    public Node set(String key, String value, long ttlSeconds) throws EtcdError {
        expire(root);
        String k = normalize(key);
        if (k.equals("/")) {
            throw new EtcdError(107, "Root is read only", "/", index);
        }
        Node parent = root;
        String[] parts = k.substring(1).split("/");
        StringBuilder path = new StringBuilder();
        for (int i = 0; i < parts.length - 1; i++) {
            path.append('/').append(parts[i]);
            Node child = parent.children.get(parts[i]);
            if (child == null) {
                child = new Node(path.toString(), null, true, ++index);
                parent.children.put(parts[i], child);
            } else if (!child.dir) {
                throw new EtcdError(104, "Not a directory", path.toString(), index);
            }
            parent = child;
        }
        String leaf = parts[parts.length - 1];
        Node existing = parent.children.get(leaf);
        if (existing != null && existing.dir) {
            throw new EtcdError(102, "Not a file", k, index);
        }
        long i = ++index;
        Node n;
        if (existing == null) {
            n = new Node(k, value, false, i);
            parent.children.put(leaf, n);
        } else {
            n = existing;
            n.value = value;
            n.modifiedIndex = i;
        }
        n.expiresAt = ttlSeconds > 0 ? clock.getAsLong() + ttlSeconds * 1_000_000_000L : 0;
        noteExpiry(n.expiresAt);
        if (ttlSeconds > 0 && firstTtlAt < 0) {
            firstTtlAt = clock.getAsLong();
            onFirstTtl.run();
        }
        proposed(new Write("PUT", k, value, false, unixNanos(n.expiresAt), false, null, null));
        return n;
    }

    /** Creates a key only if absent (prevExist=false). */
    public Node create(String key, String value, long ttlSeconds) throws EtcdError {
        if (find(key) != null) {
            throw new EtcdError(105, "Key already exists", normalize(key), index);
        }
        writing++;
        Node n;
        try {
            n = set(key, value, ttlSeconds);
        } finally {
            writing--;
        }
        proposed(new Write("PUT", n.key, value, false, unixNanos(n.expiresAt), false, false, null));
        return n;
    }

    public Node mkdir(String key) throws EtcdError {
        expire(root);
        String k = normalize(key);
        Node existing = find(k);
        if (existing != null) {
            throw new EtcdError(105, "Key already exists", k, index);
        }
        String parentKey = k.substring(0, k.lastIndexOf('/'));
        Node parent = parentKey.isEmpty() ? root : find(parentKey);
        if (parent == null) {
            writing++;
            try {
                set(k + "/.placeholder", "", 0);
            } finally {
                writing--;
            }
            Node p = find(k);
            p.children.remove(".placeholder");
            proposed(new Write("PUT", k, "", true, 0, false, false, null));
            return p;
        }
        Node n = new Node(k, null, true, ++index);
        parent.children.put(k.substring(k.lastIndexOf('/') + 1), n);
        proposed(new Write("PUT", k, "", true, 0, false, false, null));
        return n;
    }

    /** Deletes a key, or a directory when `recursive`. */
    public Node delete(String key, boolean recursive) throws EtcdError {
        Node n = get(key);
        if (n == root) {
            throw new EtcdError(107, "Root is read only", "/", index);
        }
        if (n.dir && !recursive) {
            // without dir=true etcd refuses any directory, empty or not
            throw new EtcdError(102, "Not a file", normalize(key), index);
        }
        String k = normalize(key);
        Node parent = find(k.substring(0, k.lastIndexOf('/')).isEmpty() ? "/" : k.substring(0, k.lastIndexOf('/')));
        parent.children.remove(k.substring(k.lastIndexOf('/') + 1));
        index++;
        proposed(new Write("DELETE", k, "", n.dir, 0, recursive, null, null));
        return n;
    }

    /** Refreshes a key's TTL without changing its value. */
    public void refresh(String key, long ttlSeconds) {
        Node n = find(key);
        if (n != null && !n.dir) {
            n.expiresAt = clock.getAsLong() + ttlSeconds * 1_000_000_000L;
            noteExpiry(n.expiresAt);
        }
    }

    /** Every key (not directory) under a prefix, depth first in key order. */
    public List<Node> leaves(String prefix) {
        List<Node> out = new ArrayList<>();
        Node n = find(prefix);
        if (n != null) {
            collect(n, out, false);
        }
        return out;
    }

    /** Every node under a prefix, directories included, in key order. */
    public List<Node> all(String prefix) {
        List<Node> out = new ArrayList<>();
        Node n = find(prefix);
        if (n != null) {
            for (Node c : n.children.values()) {
                collect(c, out, true);
            }
        }
        return out;
    }

    private static void collect(Node n, List<Node> out, boolean withDirs) {
        if (!n.dir || withDirs) {
            out.add(n);
        }
        for (Node c : n.children.values()) {
            collect(c, out, withDirs);
        }
    }

    /** Remaining TTL in whole seconds, as etcd reports it (rounded up). */
    public long ttlOf(Node n) {
        if (n.expiresAt == 0) {
            return 0;
        }
        long left = n.expiresAt - clock.getAsLong();
        return Math.max(1, (left + 999_999_999L) / 1_000_000_000L);
    }

    /**
     * The raft entries that did not change this store's index: the new leader's empty entry, and
     * the SYNC request the leader proposes every 500 ms once keys with a TTL exist (etcd 3.4's
     * run loop), and the v3 API's writes. etcd reports their sum with the store's index as X-Raft-Index.
     */
    public long raftOnlyEntries() {
        long syncs = firstTtlAt < 0 ? 0 : (clock.getAsLong() - firstTtlAt) / SYNC_INTERVAL;
        return 1 + syncs + v3Entries;
    }
}
