/* The netns backend's logic that needs no namespace: DNS answers, trace ids. */
package org.overlaylab.hosts.netns;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PureLogicTest {

    private static byte[] query(String name) {
        java.io.ByteArrayOutputStream q = new java.io.ByteArrayOutputStream();
        q.writeBytes(new byte[] {0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0});
        for (String label : name.split("\\.")) {
            q.write(label.length());
            q.writeBytes(label.getBytes());
        }
        q.writeBytes(new byte[] {0, 0, 1, 0, 1});
        return q.toByteArray();
    }

    @Test
    void theBackendRegistryOffersNetns() throws Exception {
        var factory = org.overlaylab.model.backend.BackendRegistry.load().require("netns");
        assertThat(factory.description()).contains("namespaces");
        assertThat(factory.create().kind()).isEqualTo("netns");
    }

    @Test
    void theLabDnsAnswersGoogleAndRefusesTheRest() throws Exception {
        Map<String, String> names = Map.of("google.com", "172.217.22.14");
        byte[] q = query("google.com");
        byte[] a = LabDns.answer(q, q.length, names);
        assertThat(a[0]).isEqualTo((byte) 0x12);
        assertThat(a[7]).as("one answer").isEqualTo((byte) 1);
        assertThat(java.util.Arrays.copyOfRange(a, a.length - 4, a.length)).containsExactly(172, 217, 22, 14);
        byte[] q2 = query("example.org");
        byte[] nx = LabDns.answer(q2, q2.length, names);
        assertThat(nx[3] & 0x0f).as("NXDOMAIN").isEqualTo(3);
    }

    @Test
    void theTraceIdOfAVxlanFrameIsThatOfThePacketInside() {
        byte[] inner = icmp();
        byte[] outer = new byte[14 + 20 + 8 + 8 + inner.length];
        outer[12] = 0x08;
        outer[14] = 0x45;
        outer[14 + 9] = 17;
        outer[14 + 8] = 64;
        int udp = 34;
        outer[udp + 2] = (byte) (4789 >> 8);
        outer[udp + 3] = (byte) (4789 & 0xff);
        outer[udp + 8] = 0x08;
        System.arraycopy(inner, 0, outer, udp + 16, inner.length);
        assertThat(org.overlaylab.hosts.capture.FrameStream.trace(outer)[0]).isEqualTo(org.overlaylab.hosts.capture.FrameStream.trace(inner)[0]).isNotZero();
        assertThat(org.overlaylab.hosts.capture.FrameStream.trace(inner)[1]).isEqualTo(1);
    }

    private static byte[] icmp() {
        byte[] d = new byte[14 + 20 + 8];
        d[12] = 0x08;
        d[14] = 0x45;
        d[14 + 4] = 0x12;
        d[14 + 8] = 63;
        d[14 + 9] = 1;
        d[26] = 10;
        d[29] = 2;
        d[30] = 10;
        d[33] = 3;
        return d;
    }

    @Test
    void aLabFileWithoutAnUnderlayPrefixPutsItsHostsOnTheFirstBridge(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path file = dir.resolve("plain.yaml");
        java.nio.file.Files.writeString(file, """
                id: plain
                title: No underlay prefix
                hosts:
                  - name: node1
                    underlay: enp0s8 192.168.205.10/24
                sections:
                  - title: One
                    steps:
                      - id: one
                        title: Nothing yet
                        explain: Nothing runs.
                        run:
                          - node1: echo ready
                """);
        org.overlaylab.model.lab.Lab lab = org.overlaylab.labfile.LabLoader.load(file);
        assertThat(Fabric.bridgeOf(lab, lab.segmentOf("192.168.205.10/24").orElse(lab.underlayCidr()))).isEqualTo("br0");
    }
}
