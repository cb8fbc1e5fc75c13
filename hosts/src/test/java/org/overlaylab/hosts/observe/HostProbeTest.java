/* The probe script's variants and the parser of its output, without any namespace. */
package org.overlaylab.hosts.observe;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HostProbeTest {

    @Test
    void theProbeWithoutDockerKeepsEverythingElse() {
        assertThat(HostProbe.SCRIPT).contains("docker ps -aq", "ovs-vsctl");
        assertThat(HostProbe.SCRIPT_WITHOUT_DOCKER).doesNotContain("docker ps").contains("list Bridge", "/run/docker/netns",
                "ip -j -d -batch -");
    }

    @Test
    void batchAndSeparateSectionsBothParse() {
        String out = """

                @@@ ns host

                @@@ ipbatch
                [{"ifindex":1,"ifname":"lo"}]
                [{"ifindex":1,"ifname":"lo","addr_info":[]}]
                [{"dst":"default","gateway":"10.0.2.2","dev":"enp0s3"}]
                []

                @@@ fdb
                []

                @@@ ns docker 1-f42d026bda
                @@@ link
                [{"ifindex":2,"ifname":"br0"}]
                @@@ addr
                []
                @@@ route
                []
                @@@ neigh
                []
                @@@ fdb
                []
                @@@ ovs-bridges
                {"data":[],"headings":["name","datapath_type","ports"]}
                """;
        HostProbe.Output o = HostProbe.parse(out);
        assertThat(o.namespaces()).hasSize(2);
        assertThat(o.namespaces().get(0).parts()).containsKeys("link", "addr", "route", "neigh", "fdb");
        assertThat(o.namespaces().get(0).parts().get("route")).contains("10.0.2.2");
        assertThat(o.namespaces().get(1).name()).isEqualTo("1-f42d026bda");
        assertThat(o.namespaces().get(1).parts().get("link")).contains("br0");
        assertThat(o.sections()).containsKey("ovs-bridges");
    }
}
