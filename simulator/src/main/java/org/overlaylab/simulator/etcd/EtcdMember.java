/*
 * One etcd server process as its flags describe it. Its member ID is what etcd computes: the first
 * eight bytes of SHA-1 over its sorted peer URLs followed by the cluster token, so the tutorial's
 * flags give 21eca106efe4caee and 8614974c83d1cc6d on every run.
 */
package org.overlaylab.simulator.etcd;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

public final class EtcdMember {
    private final String name;
    private final String host;
    private final List<String> peerUrls;
    private final List<String> listenClientUrls;
    private final List<String> advertiseClientUrls;
    private final String token;
    private final Map<String, List<String>> initialCluster;
    private final String dataDir;
    private final long id;
    private final int pid;
    private final long startedAt;
    private boolean running = true;

    public EtcdMember(String name, String host, List<String> peerUrls, List<String> listenClientUrls,
                      List<String> advertiseClientUrls, String token, Map<String, List<String>> initialCluster,
                      String dataDir, int pid, long startedAt) {
        this.name = name;
        this.host = host;
        this.peerUrls = List.copyOf(peerUrls);
        this.listenClientUrls = List.copyOf(listenClientUrls);
        this.advertiseClientUrls = List.copyOf(advertiseClientUrls);
        this.token = token;
        this.initialCluster = new LinkedHashMap<>(initialCluster);
        this.dataDir = dataDir;
        this.pid = pid;
        this.startedAt = startedAt;
        this.id = computeId(peerUrls, token);
    }

    /** etcd's member ID: SHA-1(sorted peer URLs joined, then the token), first 8 bytes big-endian. */
    public static long computeId(List<String> peerUrls, String token) {
        List<String> sorted = new ArrayList<>(peerUrls);
        sorted.sort(String::compareTo);
        StringBuilder sb = new StringBuilder();
        sorted.forEach(sb::append);
        sb.append(token);
        return ByteBuffer.wrap(sha1(sb.toString().getBytes(StandardCharsets.UTF_8))).getLong();
    }

    /** The cluster ID: SHA-1 over the sorted member IDs (8 bytes each), first 8 bytes. */
    public static long clusterId(List<Long> memberIds) {
        List<Long> sorted = new ArrayList<>(memberIds);
        sorted.sort(Long::compareUnsigned);
        ByteBuffer b = ByteBuffer.allocate(8 * sorted.size());
        sorted.forEach(b::putLong);
        return ByteBuffer.wrap(sha1(b.array())).getLong();
    }

    private static byte[] sha1(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-1").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-1", e);
        }
    }

    public static String hex(long id) {
        return Long.toHexString(id);
    }

    public String name() {
        return name;
    }

    public String host() {
        return host;
    }

    public long id() {
        return id;
    }

    public String idHex() {
        return hex(id);
    }

    public List<String> peerUrls() {
        return peerUrls;
    }

    public List<String> listenClientUrls() {
        return listenClientUrls;
    }

    public List<String> advertiseClientUrls() {
        return advertiseClientUrls;
    }

    public String token() {
        return token;
    }

    public Map<String, List<String>> initialCluster() {
        return initialCluster;
    }

    public String dataDir() {
        return dataDir;
    }

    public int pid() {
        return pid;
    }

    public long startedAt() {
        return startedAt;
    }

    public boolean running() {
        return running;
    }

    public void stop() {
        running = false;
    }

    /** Whether this member serves clients at host:port as seen from its own host. */
    public boolean listensOn(String hostPort) {
        for (String url : listenClientUrls) {
            String hp = url.replaceFirst("^https?://", "");
            if (hp.equals(hostPort)) {
                return true;
            }
            if (hp.startsWith("0.0.0.0:") && hostPort.endsWith(hp.substring(hp.indexOf(':')))) {
                return true;
            }
        }
        return false;
    }
}
