/* Address arithmetic the simulator and checks depend on. */
package org.overlaylab.model.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CidrTest {

    @Test
    void parsesAndComputesNetworks() {
        Cidr c = Cidr.parse("10.15.64.1/20");
        assertThat(c.networkText()).isEqualTo("10.15.64.0");
        assertThat(Ipv4.format(c.broadcast())).isEqualTo("10.15.79.255");
        assertThat(c.contains("10.15.70.3")).isTrue();
        assertThat(c.contains("10.13.48.2")).isFalse();
        assertThat(Ipv4.maskText(20)).isEqualTo("255.255.240.0");
        assertThat(Ipv4.prefixOfMask("255.255.240.0")).isEqualTo(20);
        assertThat(Cidr.parse("10.0.0.0/8").overlaps(Cidr.parse("10.13.48.0/20"))).isTrue();
    }

    @Test
    void rejectsNonsense() {
        assertThatThrownBy(() -> Cidr.parse("10.0.0.256/24")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Cidr.parse("10.0.0.1/33")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Ipv4.prefixOfMask("255.0.255.0")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void dockerMacsFollowTheAddress() {
        assertThat(Mac.docker(Ipv4.parse("172.17.0.2"))).isEqualTo("02:42:ac:11:00:02");
        assertThat(Mac.docker(Ipv4.parse("10.15.64.2"))).isEqualTo("02:42:0a:0f:40:02");
    }
}
