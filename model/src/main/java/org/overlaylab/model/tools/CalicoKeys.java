/*
 * calico/node 2.6's etcd v2 key layout and the values it writes there, shared by the simulator's
 * Calico and the real backends' Calico mapping so both leave the same keys for `etcdctl ls`,
 * calicoctl and BIRD to read: the node's registration, the cluster-wide BGP settings the first node
 * writes, pools, IPAM blocks and their host affinity, profiles and workload endpoints; and the
 * order in which Calico IPAM tries a pool's blocks for a seed, so both claim the same block.
 */
package org.overlaylab.model.tools;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.overlaylab.model.net.Cidr;
import org.overlaylab.model.net.Ipv4;
import org.overlaylab.model.random.SeededRandom;

public final class CalicoKeys {
    /** The node-to-node mesh's AS number when none is configured. */
    public static final int AS_NUMBER = 64512;
    /** Directory of the IP pools, one key per pool: 10.20.0.0-16. */
    public static final String POOLS = "/calico/v1/ipam/v4/pool/";
    /** Directory of the IPAM blocks (/26) claimed so far, one key per block. */
    public static final String BLOCKS = "/calico/ipam/v2/assignment/ipv4/block/";
    /** Directory of the BGP hosts, one sub-directory per node. */
    public static final String BGP_HOSTS = "/calico/bgp/v1/host";
    /** Directory of the Felix hosts and their workloads. */
    public static final String HOSTS = "/calico/v1/host";
    /** Directory of the profiles, one per Docker network. */
    public static final String PROFILES = "/calico/v1/policy/profile";
    /** The key whose absence tells a starting node it is the first: it then writes {@link #clusterKeys()}. */
    public static final String AS_NUMBER_KEY = "/calico/bgp/v1/global/as_num";

    private CalicoKeys() {}

    /** How Calico names a CIDR in a key: 10.20.33.192-26. */
    public static String keyName(Cidr cidr) {
        return Ipv4.format(cidr.network()) + "-" + cidr.prefixLength();
    }

    public static String poolKey(Cidr pool) {
        return POOLS + keyName(pool);
    }

    public static String blockKey(Cidr block) {
        return BLOCKS + keyName(block);
    }

    /** The block's affinity to the node that claimed it (an empty value). */
    public static String hostBlockKey(String nodeName, Cidr block) {
        return hostBlocksDir(nodeName) + "/" + keyName(block);
    }

    public static String hostBlocksDir(String nodeName) {
        return "/calico/ipam/v2/host/" + nodeName + "/ipv4/block";
    }

    /** Felix's per-host setting naming the address of the node's tunl0, when a pool has IPIP on. */
    public static String ipipTunnelAddressKey(String nodeName) {
        return HOSTS + "/" + nodeName + "/config/IpInIpTunnelAddr";
    }

    /** Felix's per-host setting naming the address of the node's vxlan.calico, when a pool has VXLAN on. */
    public static String vxlanTunnelAddressKey(String nodeName) {
        return HOSTS + "/" + nodeName + "/config/IPv4VXLANTunnelAddr";
    }

    /**
     * The MAC of a node's vxlan.calico as Felix derives it from the node's name (Calico 3.7's VXLAN
     * resolver): 0x66 ('f') and the first five bytes of the name's SHA-1, so every node can compute
     * every other node's VTEP MAC without asking.
     */
    public static String vxlanMac(String nodeName) {
        byte[] sha;
        try {
            sha = java.security.MessageDigest.getInstance("SHA-1").digest(nodeName.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-1", e);
        }
        StringBuilder mac = new StringBuilder("66");
        for (int i = 0; i < 5; i++) {
            mac.append(':').append(String.format("%02x", sha[i] & 0xff));
        }
        return mac.toString();
    }

    /** A libnetwork workload endpoint of `nodeName`. */
    public static String workloadKey(String nodeName, String endpointId) {
        return HOSTS + "/" + nodeName + "/workload/libnetwork/libnetwork/endpoint/" + endpointId;
    }

    /** The keys a node writes when it starts, in the order it writes them, with their values. */
    public static Map<String, String> nodeKeys(String nodeName, Cidr address) {
        Map<String, String> keys = new LinkedHashMap<>();
        String ip = Ipv4.format(address.address());
        keys.put(BGP_HOSTS + "/" + nodeName + "/ip_addr_v4", ip);
        keys.put(BGP_HOSTS + "/" + nodeName + "/ip_addr_v6", "");
        keys.put(BGP_HOSTS + "/" + nodeName + "/network_v4", address.networkCidr().toString());
        keys.put(HOSTS + "/" + nodeName + "/bird_ip", ip);
        keys.put(HOSTS + "/" + nodeName + "/config/marker", "created");
        return keys;
    }

    /** The cluster-wide BGP settings the first node writes: AS number, full mesh, and readiness. */
    public static Map<String, String> clusterKeys() {
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put(AS_NUMBER_KEY, String.valueOf(AS_NUMBER));
        keys.put("/calico/bgp/v1/global/node_mesh", "{\"enabled\": true}");
        keys.put("/calico/bgp/v1/global/loglevel", "none");
        keys.put("/calico/v1/Ready", "true");
        return keys;
    }

    /**
     * The profile the libnetwork plugin makes for a Docker network: tagged with the network's name,
     * letting in only traffic from its own tag and letting everything out.
     */
    public static Map<String, String> profileKeys(String networkName) {
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put(PROFILES + "/" + networkName + "/tags", "[\"" + networkName + "\"]");
        keys.put(PROFILES + "/" + networkName + "/rules", "{\"inbound_rules\": [{\"action\": \"allow\", \"src_tag\": \""
                + networkName + "\"}], \"outbound_rules\": [{\"action\": \"allow\"}]}");
        return keys;
    }

    /** The size of an IPAM block: /26, 64 addresses. */
    public static final int BLOCK_PREFIX = 26;

    /**
     * The /26 blocks of `pool` in the order Calico IPAM tries them for `nodeName`: from a random
     * start drawn from the stream "calico-block:<node>", round the pool; the first free one is claimed.
     */
    public static List<Cidr> blockSearchOrder(Cidr pool, SeededRandom random, String nodeName) {
        int blocks = (int) Math.max(1, pool.size() / 64);
        int start = random.nextInt("calico-block:" + nodeName, blocks);
        List<Cidr> order = new ArrayList<>(blocks);
        for (int i = 0; i < blocks; i++) {
            order.add(new Cidr(pool.network() + ((start + i) % blocks) * 64, BLOCK_PREFIX));
        }
        return order;
    }
}
