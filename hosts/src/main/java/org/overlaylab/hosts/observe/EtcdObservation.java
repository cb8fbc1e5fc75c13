/*
 * The etcd cluster of a lab as observation shows it, read from inside the lab hosts (whatever
 * kind they are): members and their health over the v2 HTTP API, v2 keys over HTTP, v3 keys (with
 * their leases' remaining TTL) through jetcd. Each EtcdKey says which API it came from. Reads
 * through the first host that runs an etcd member; a cluster without a leader lists nothing.
 */
package org.overlaylab.hosts.observe;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.options.GetOption;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.overlaylab.hosts.core.RealHost;
import org.overlaylab.hosts.etcd.EtcdAccess;
import org.overlaylab.model.topology.EtcdKey;
import org.overlaylab.model.topology.EtcdMember;

public final class EtcdObservation {
    private EtcdObservation() {}

    /** Adds the cluster's members and keys; `runsEtcd` says which hosts have a member running. */
    public static void read(EtcdAccess etcd, List<? extends RealHost> hosts, Predicate<RealHost> runsEtcd,
                            List<EtcdMember> members, List<EtcdKey> keys) {
        RealHost source = null;
        for (RealHost h : hosts) {
            if (runsEtcd.test(h)) {
                source = h;
                break;
            }
        }
        if (source == null) {
            return;
        }
        List<EtcdJson.Member> list;
        try {
            EtcdAccess.HttpAnswer a = etcd.http(source, "127.0.0.1", 2379, "GET", "/v2/members", null, 700);
            list = a.status() == 200 ? EtcdJson.members(a.body()) : List.of();
        } catch (IOException e) {
            // no leader yet (a member waiting for its peers): nothing to list
            return;
        }
        Map<String, RealHost> byIp = new HashMap<>();
        hosts.forEach(h -> byIp.put(h.underlayIp(), h));
        for (EtcdJson.Member m : list) {
            RealHost owner = null;
            for (String u : m.peerUrls()) {
                String ip = u.replaceFirst("^https?://", "").replaceFirst(":.*", "");
                owner = byIp.getOrDefault(ip, owner);
            }
            boolean healthy = false;
            if (owner != null && runsEtcd.test(owner)) {
                try {
                    EtcdAccess.HttpAnswer a = etcd.http(owner, "127.0.0.1", 2379, "GET", "/health", null, 1500);
                    healthy = a.status() == 200 && a.body().contains("true");
                } catch (IOException e) {
                    healthy = false;
                }
            }
            members.add(new EtcdMember(m.id(), m.name(), owner == null ? null : owner.name(), m.peerUrls(), m.clientUrls(), healthy));
        }
        try {
            EtcdAccess.HttpAnswer a = etcd.v2Get(source, "127.0.0.1", 2379, "/", true);
            if (a.status() == 200) {
                keys.addAll(EtcdJson.v2Keys(a.body()));
            }
        } catch (IOException e) {
            // without quorum a v2 read may fail; the members say why
        }
        try {
            Client c = etcd.v3(source, "127.0.0.1", 2379);
            ByteSequence zero = ByteSequence.from(new byte[] {0});
            var r = c.getKVClient().get(zero, GetOption.builder().withRange(zero).build()).get(2, TimeUnit.SECONDS);
            Map<Long, Long> ttl = new HashMap<>();
            for (KeyValue kv : r.getKvs()) {
                long t = 0;
                if (kv.getLease() != 0) {
                    t = ttl.computeIfAbsent(kv.getLease(), id -> {
                        try {
                            return c.getLeaseClient().timeToLive(id, io.etcd.jetcd.options.LeaseOption.DEFAULT)
                                    .get(2, TimeUnit.SECONDS).getTTL();
                        } catch (Exception e) {
                            return 0L;
                        }
                    });
                }
                keys.add(new EtcdKey(kv.getKey().toString(StandardCharsets.UTF_8), kv.getValue().toString(StandardCharsets.UTF_8), "v3", t));
            }
        } catch (Exception e) {
            // v3 keys stay unlisted when the cluster has no leader
        }
        keys.sort(java.util.Comparator.comparing(EtcdKey::key).thenComparing(EtcdKey::api));
    }
}
