/*
 * The one seeded generator of every backend: each purpose is its own stream, so draws for one
 * purpose never shift another's, and the values for a seed never change (golden outputs and the
 * real backends' leases depend on them).
 */
package org.overlaylab.model.random;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SeededRandomTest {
    @Test
    void valuesForASeedArePinned() {
        SeededRandom r = new SeededRandom(1);
        assertThat(r.hex("docker-net-id:node1", 8)).isEqualTo("95e7c6296d95738d");
        assertThat(r.nextInt("flannel-lease:docker-node1", 100)).isEqualTo(66);
        assertThat(r.uuid("ovs-uuid:node1")).isEqualTo("eb419b09-d60b-4110-a411-057758355b38");
    }

    @Test
    void purposesAreIndependentStreams() {
        SeededRandom a = new SeededRandom(42);
        SeededRandom b = new SeededRandom(42);
        a.hex("docker-container-id:node1", 32);
        assertThat(a.nextInt("calico-block:docker-node1", 1024)).isEqualTo(b.nextInt("calico-block:docker-node1", 1024));
        assertThat(new SeededRandom(43).hex("x", 16)).isNotEqualTo(new SeededRandom(42).hex("x", 16));
    }
}
