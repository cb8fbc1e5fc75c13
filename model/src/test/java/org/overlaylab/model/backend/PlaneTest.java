/*
 * Which frames count as control plane: ARP, BGP, etcd's client and peer ports and Docker's gossip,
 * in either direction; pings, VXLAN, HTTP and later fragments are data plane. A frame keeps the
 * state changes it was given and has none unless told.
 */
package org.overlaylab.model.backend;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PlaneTest {
    /** An Ethernet frame with an IPv4 header (20 bytes) and a transport header's ports. */
    private static byte[] ipv4(int proto, int sport, int dport, int fragmentOffset) {
        byte[] f = new byte[14 + 20 + 20];
        f[12] = 0x08;
        f[14] = 0x45;
        f[14 + 6] = (byte) (fragmentOffset >> 8);
        f[14 + 7] = (byte) fragmentOffset;
        f[14 + 9] = (byte) proto;
        f[34] = (byte) (sport >> 8);
        f[35] = (byte) sport;
        f[36] = (byte) (dport >> 8);
        f[37] = (byte) dport;
        return f;
    }

    @Test
    void controlPlaneIsArpAndTheDaemonsPorts() {
        byte[] arp = new byte[42];
        arp[12] = 0x08;
        arp[13] = 0x06;
        assertThat(Plane.of(arp)).isEqualTo(Plane.CONTROL);
        assertThat(Plane.of(ipv4(6, 50751, 179, 0))).isEqualTo(Plane.CONTROL);
        assertThat(Plane.of(ipv4(6, 179, 50751, 0))).isEqualTo(Plane.CONTROL);
        assertThat(Plane.of(ipv4(6, 40000, 2379, 0))).isEqualTo(Plane.CONTROL);
        assertThat(Plane.of(ipv4(6, 2380, 40000, 0))).isEqualTo(Plane.CONTROL);
        assertThat(Plane.of(ipv4(17, 7946, 7946, 0))).isEqualTo(Plane.CONTROL);
        assertThat(Plane.of(ipv4(6, 7946, 41000, 0))).isEqualTo(Plane.CONTROL);
    }

    @Test
    void everythingElseIsDataPlane() {
        assertThat(Plane.of(ipv4(1, 0x0800, 0, 0))).isEqualTo(Plane.DATA);
        assertThat(Plane.of(ipv4(17, 51234, 4789, 0))).isEqualTo(Plane.DATA);
        assertThat(Plane.of(ipv4(6, 40000, 80, 0))).isEqualTo(Plane.DATA);
        // a later fragment's bytes where ports would be are data, not ports
        assertThat(Plane.of(ipv4(6, 179, 179, 185))).isEqualTo(Plane.DATA);
        assertThat(Plane.of(new byte[5])).isEqualTo(Plane.DATA);
    }

    @Test
    void aFrameCarriesTheStateChangesItCaused() {
        StateChange route = new StateChange("node1", StateChange.Kind.ROUTE_ADDED, "10.20.5.0/26",
                "installs 10.20.5.0/26 via 192.168.205.11 on node1");
        CapturedFrame update = new CapturedFrame(1, 0, "node1", "host", "enp0s8", CapturedFrame.Direction.IN,
                ipv4(6, 50751, 179, 0), 54, 7, 1, null, List.of(route));
        assertThat(update.effects()).containsExactly(route);
        assertThat(update.plane()).isEqualTo(Plane.CONTROL);
        CapturedFrame ping = new CapturedFrame(2, 0, "node1", "host", "enp0s8", CapturedFrame.Direction.IN,
                ipv4(1, 0, 0, 0), 54, 8, 1, null);
        assertThat(ping.effects()).isEmpty();
        assertThat(ping.plane()).isEqualTo(Plane.DATA);
    }
}
