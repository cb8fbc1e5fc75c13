/*
 * The lab's etcd cluster: the members that were started, whether they form a cluster with a
 * leader (a quorum of the members named in --initial-cluster, agreeing on the token), and the
 * shared v2 and v3 stores. Clients reach a member through a URL as seen from their host.
 */
package org.overlaylab.simulator.etcd;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;

public final class EtcdCluster {
    private final List<EtcdMember> members = new ArrayList<>();
    private final V2Store v2;
    private final V3Store v3;
    private EtcdMember leader;
    /** Each running pair's peer traffic, both directions: a committed write is replicated on them. */
    final List<EtcdPeerTraffic> peerLinks = new ArrayList<>();
    /** The member a client's write is being sent to, when the client names one; the leader otherwise. */
    private EtcdMember writeTarget;
    /** Each member's request-ID generator: its next suffix (etcd's idutil: start time in ms, then a count). */
    final java.util.Map<String, Long> requestIdSuffixes = new java.util.HashMap<>();
    boolean raftAttached;

    public EtcdCluster(LongSupplier clock) {
        this.v2 = new V2Store(clock);
        this.v3 = new V3Store(clock);
    }

    public V2Store v2() {
        return v2;
    }

    public V3Store v3() {
        return v3;
    }

    public List<EtcdMember> members() {
        return List.copyOf(members);
    }

    public void add(EtcdMember m) {
        members.removeIf(old -> old.name().equals(m.name()) && !old.running());
        members.add(m);
        electIfPossible();
    }

    public Optional<EtcdMember> member(String name) {
        return members.stream().filter(m -> m.name().equals(name)).findFirst();
    }

    public Optional<EtcdMember> runningOn(String host) {
        return members.stream().filter(m -> m.host().equals(host) && m.running()).findFirst();
    }

    public void stopped(EtcdMember m) {
        m.stop();
        if (leader == m) {
            leader = null;
        }
        electIfPossible();
    }

    /** The members named in --initial-cluster, by name and peer URL, as the first member defined them. */
    private List<String> expectedNames() {
        if (members.isEmpty()) {
            return List.of();
        }
        return new ArrayList<>(members.get(0).initialCluster().keySet());
    }

    /** A leader exists when a quorum of the configured members run with the same token. */
    private void electIfPossible() {
        List<String> expected = expectedNames();
        if (expected.isEmpty()) {
            leader = null;
            return;
        }
        String token = members.get(0).token();
        long up = members.stream().filter(EtcdMember::running)
                .filter(m -> expected.contains(m.name()) && m.token().equals(token)).count();
        boolean quorum = up >= expected.size() / 2 + 1;
        if (!quorum) {
            leader = null;
            return;
        }
        if (leader == null || !leader.running()) {
            leader = members.stream().filter(EtcdMember::running).filter(m -> expected.contains(m.name()))
                    .findFirst().orElse(null);
        }
    }

    /** The member the current client's writes go to (null: the leader), so a follower forwards them. */
    public void writeVia(EtcdMember m) {
        writeTarget = m;
    }

    EtcdMember writeTarget() {
        return writeTarget != null && writeTarget.running() ? writeTarget : leader;
    }

    public boolean available() {
        return leader != null;
    }

    public EtcdMember leader() {
        return leader;
    }

    /**
     * The member list as the cluster knows it: every member of --initial-cluster, with the ID its
     * peer URLs give; client URLs are published only by members that joined a cluster with a leader.
     */
    public List<MemberView> memberList() {
        List<MemberView> out = new ArrayList<>();
        if (members.isEmpty()) {
            return out;
        }
        EtcdMember first = members.get(0);
        first.initialCluster().forEach((name, urls) -> {
            long id = EtcdMember.computeId(urls, first.token());
            Optional<EtcdMember> m = member(name);
            List<String> clients = m.isPresent() && m.get().running() && available()
                    ? m.get().advertiseClientUrls() : List.of();
            boolean started = m.isPresent();
            out.add(new MemberView(id, started ? name : "", urls, clients, m.map(x -> x == leader).orElse(false),
                    m.map(EtcdMember::running).orElse(false), m.map(EtcdMember::host).orElse(null)));
        });
        out.sort((a, b) -> Long.compareUnsigned(a.id(), b.id()));
        return out;
    }

    public record MemberView(long id, String name, List<String> peerUrls, List<String> clientUrls, boolean leader,
                             boolean running, String host) {
        public String idHex() {
            return EtcdMember.hex(id);
        }
    }

    public String clusterIdHex() {
        List<Long> ids = memberList().stream().map(MemberView::id).toList();
        return EtcdMember.hex(EtcdMember.clusterId(ids));
    }
}
