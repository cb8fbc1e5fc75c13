/*
 * calico/node 2.6's etcd layout as both backends write it, and the IPAM block each node of the
 * built-in Calico lab claims for its seed (10.20.33.192/26 on docker-node1, 10.20.238.128/26 on
 * docker-node2, as the simulator's golden run and the netns backend's BIRD show).
 */
package org.overlaylab.model.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.overlaylab.model.net.Cidr;
import org.overlaylab.model.random.SeededRandom;

class CalicoKeysTest {
    private static final long LAB_SEED = 1;
    private static final Cidr POOL = Cidr.parse("10.20.0.0/16");

    @Test
    void aStartingNodeRegistersUnderBgpAndFelixKeys() {
        assertThat(CalicoKeys.nodeKeys("docker-node1", Cidr.parse("192.168.205.10/24"))).containsExactly(
                entry("/calico/bgp/v1/host/docker-node1/ip_addr_v4", "192.168.205.10"),
                entry("/calico/bgp/v1/host/docker-node1/ip_addr_v6", ""),
                entry("/calico/bgp/v1/host/docker-node1/network_v4", "192.168.205.0/24"),
                entry("/calico/v1/host/docker-node1/bird_ip", "192.168.205.10"),
                entry("/calico/v1/host/docker-node1/config/marker", "created"));
        assertThat(CalicoKeys.clusterKeys()).containsExactly(
                entry("/calico/bgp/v1/global/as_num", "64512"),
                entry("/calico/bgp/v1/global/node_mesh", "{\"enabled\": true}"),
                entry("/calico/bgp/v1/global/loglevel", "none"),
                entry("/calico/v1/Ready", "true"));
    }

    @Test
    void poolsBlocksProfilesAndWorkloads() {
        Cidr block = Cidr.parse("10.20.33.192/26");
        assertThat(CalicoKeys.poolKey(POOL)).isEqualTo("/calico/v1/ipam/v4/pool/10.20.0.0-16");
        assertThat(CalicoKeys.blockKey(block)).isEqualTo("/calico/ipam/v2/assignment/ipv4/block/10.20.33.192-26");
        assertThat(CalicoKeys.hostBlockKey("docker-node1", block))
                .isEqualTo("/calico/ipam/v2/host/docker-node1/ipv4/block/10.20.33.192-26");
        assertThat(CalicoKeys.workloadKey("docker-node1", "4b1c"))
                .isEqualTo("/calico/v1/host/docker-node1/workload/libnetwork/libnetwork/endpoint/4b1c");
        assertThat(CalicoKeys.profileKeys("cal_net1")).containsExactly(
                entry("/calico/v1/policy/profile/cal_net1/tags", "[\"cal_net1\"]"),
                entry("/calico/v1/policy/profile/cal_net1/rules", "{\"inbound_rules\": [{\"action\": \"allow\", "
                        + "\"src_tag\": \"cal_net1\"}], \"outbound_rules\": [{\"action\": \"allow\"}]}"));
    }

    @Test
    void theLabSeedClaimsTheSameBlocksOnEitherBackend() {
        SeededRandom random = new SeededRandom(LAB_SEED);
        List<Cidr> node1 = CalicoKeys.blockSearchOrder(POOL, random, "docker-node1");
        List<Cidr> node2 = CalicoKeys.blockSearchOrder(POOL, random, "docker-node2");
        assertThat(node1).hasSize(1024).doesNotHaveDuplicates();
        assertThat(node1.get(0)).isEqualTo(Cidr.parse("10.20.33.192/26"));
        assertThat(node2.get(0)).isEqualTo(Cidr.parse("10.20.238.128/26"));
    }

    private static java.util.Map.Entry<String, String> entry(String k, String v) {
        return java.util.Map.entry(k, v);
    }
}
