/*
 * ping's options as iputils of the tutorial's Ubuntu (s20121221) and busybox answer them: -I with
 * a device or an address, -M's values, -t, -q, a non-root flood refused, and an OUTPUT rule's EPERM.
 */
package org.overlaylab.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.overlaylab.model.backend.CommandResult;

class PingOptionsTest {

    @Test
    void optionsAndTheirMistakes() {
        try (SimLab lab = SimLab.twoHosts()) {
            // iputils names the bound source and device on its first line, as the real one does
            assertThat(lab.ok("node1", "ping -c 1 -I enp0s8 192.168.205.11")).contains("1 received")
                    .startsWith("PING 192.168.205.11 (192.168.205.11) from 192.168.205.10 enp0s8: 56(84) bytes of data.\n");
            assertThat(lab.ok("node1", "ping -c 1 -I 192.168.205.10 192.168.205.11")).contains("1 received")
                    .startsWith("PING 192.168.205.11 (192.168.205.11) from 192.168.205.10 : 56(84) bytes of data.\n");
            CommandResult noDev = lab.run("node1", "ping -c 1 -I eth9 192.168.205.11");
            assertThat(noDev.exitCode()).isEqualTo(2);
            assertThat(noDev.stderr()).isEqualTo("ping: SO_BINDTODEVICE: No such device\n");
            assertThat(lab.run("node1", "ping -c 1 -M maybe 192.168.205.11").stderr())
                    .isEqualTo("ping: wrong value for -M: do, dont, want are valid ones.\n");
            assertThat(lab.run("node1", "ping -c 1 -i 0 192.168.205.11").stderr())
                    .isEqualTo("ping: cannot flood; minimal interval, allowed for user, is 200ms\n");
            CommandResult quiet = lab.run("node1", "ping -q -c 2 192.168.205.11");
            assertThat(quiet.stdout()).doesNotContain("bytes from").contains("2 packets transmitted, 2 received");
            assertThat(lab.ok("node1", "ping -c 1 -t 1 192.168.205.11")).contains("ttl=64");
            lab.ok("node1", "sudo iptables -A OUTPUT -p icmp -j DROP");
            CommandResult refused = lab.run("node1", "ping -c 1 192.168.205.11");
            assertThat(refused.stderr()).isEqualTo("ping: sendmsg: Operation not permitted\n");
            assertThat(refused.exitCode()).isEqualTo(1);
        }
    }
}
