/*
 * What the simulator's flanneld and the real backends' flannel daemon both rely on: the built-in
 * flannel lab's seed leases the tutorial's subnets (10.15.64.0/20 to docker-node1, then
 * 10.13.48.0/20 to docker-node2), the lease key and value, and subnet.env byte for byte.
 */
package org.overlaylab.model.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.overlaylab.model.net.Cidr;
import org.overlaylab.model.net.Ipv4;
import org.overlaylab.model.random.SeededRandom;

class FlannelLeasesTest {
    /** flannel-vxlan.yaml's seed and network config: 10.0.0.0/8 in /20s from 10.10.0.0 to 10.99.0.0. */
    private static final long LAB_SEED = 13480;
    private static final int MIN = Ipv4.parse("10.10.0.0");
    private static final int MAX = Ipv4.parse("10.99.0.0");

    @Test
    void theLabSeedLeasesTheTutorialsSubnetsInStartOrder() {
        SeededRandom random = new SeededRandom(LAB_SEED);
        Cidr first = FlannelLeases.pick(List.of(), MIN, MAX, 20, random, "docker-node1");
        Cidr second = FlannelLeases.pick(List.of(first), MIN, MAX, 20, random, "docker-node2");
        assertThat(first).isEqualTo(Cidr.parse("10.15.64.0/20"));
        assertThat(second).isEqualTo(Cidr.parse("10.13.48.0/20"));
    }

    @Test
    void theSameSeedPicksTheSameLeaseWhicheverBackendDraws() {
        for (long seed : new long[] {1, 7, LAB_SEED}) {
            Cidr simulator = FlannelLeases.pick(List.of(), MIN, MAX, 20, new SeededRandom(seed), "docker-node1");
            Cidr real = FlannelLeases.pick(List.of(), MIN, MAX, 20, new SeededRandom(seed), "docker-node1");
            assertThat(real).isEqualTo(simulator);
        }
    }

    @Test
    void onlyTheFirstHundredFreeSubnetsAreCandidatesAndAFullRangeHasNone() {
        for (long seed = 0; seed < 200; seed++) {
            Cidr c = FlannelLeases.pick(List.of(), MIN, MAX, 20, new SeededRandom(seed), "h");
            assertThat(Integer.toUnsignedLong(c.network())).isLessThan(Integer.toUnsignedLong(MIN) + 100L * 4096);
        }
        Cidr only = Cidr.parse("10.10.0.0/20");
        assertThat(FlannelLeases.pick(List.of(Cidr.parse("10.10.0.0/16")), MIN, Ipv4.parse("10.10.240.0"), 20,
                new SeededRandom(1), "h")).isNull();
        assertThat(FlannelLeases.pick(List.of(), MIN, MIN, 20, new SeededRandom(1), "h")).isEqualTo(only);
    }

    @Test
    void leaseKeyAndValueAsFlanneldWritesThem() {
        Cidr lease = Cidr.parse("10.15.64.0/20");
        String key = FlannelLeases.leaseKey(FlannelLeases.PREFIX, lease);
        assertThat(key).isEqualTo("/coreos.com/network/subnets/10.15.64.0-20");
        assertThat(FlannelLeases.subnetOfLeaseKey(key)).isEqualTo(lease);
        assertThat(FlannelLeases.leaseValue("192.168.205.10", "46:4b:6c:3c:5a:18")).isEqualTo(
                "{\"PublicIP\":\"192.168.205.10\",\"BackendType\":\"vxlan\",\"BackendData\":{\"VtepMAC\":\"46:4b:6c:3c:5a:18\"}}");
    }

    @Test
    void subnetEnvIsTheTutorialsFile() {
        assertThat(FlannelLeases.subnetEnv(Cidr.parse("10.0.0.0/8"), Cidr.parse("10.15.64.0/20"), 1450)).isEqualTo("""
                FLANNEL_NETWORK=10.0.0.0/8
                FLANNEL_SUBNET=10.15.64.1/20
                FLANNEL_MTU=1450
                FLANNEL_IPMASQ=false
                """);
        assertThat(FlannelLeases.SUBNET_ENV).isEqualTo("/run/flannel/subnet.env");
    }
}
