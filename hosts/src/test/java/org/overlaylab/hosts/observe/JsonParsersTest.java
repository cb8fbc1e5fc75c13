/*
 * The OVS, Docker and etcd parsers on output recorded from the real tools on this machine
 * (ovs-vsctl 3.1 --format=json, docker 20.10 inspect / network inspect) and on etcd's v2 answers.
 */
package org.overlaylab.hosts.observe;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.overlaylab.model.topology.DockerNetwork;
import org.overlaylab.model.topology.EtcdKey;
import org.overlaylab.model.topology.OvsBridge;

class JsonParsersTest {

    private static String resource(String name) throws Exception {
        try (InputStream in = JsonParsersTest.class.getResourceAsStream("/probe/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void ovsBridgesListTheirPortsWithTypesAndOptions() throws Exception {
        List<OvsBridge> bridges = OvsJson.bridges(resource("ovs-bridges.json"), resource("ovs-ports.json"),
                resource("ovs-interfaces.json"));
        OvsBridge brInt = bridges.stream().filter(b -> b.name().equals("br-int")).findFirst().orElseThrow();
        assertThat(brInt.datapathType()).isEqualTo("netdev");
        assertThat(brInt.port("br-int").orElseThrow().type()).isEqualTo("internal");
        assertThat(brInt.port("veth1").orElseThrow().type()).isEmpty();
        OvsBridge.Port gre = brInt.port("gre0").orElseThrow();
        assertThat(gre.type()).isEqualTo("gre");
        assertThat(gre.options()).containsEntry("remote_ip", "192.168.205.11");
    }

    @Test
    void dockerContainersAndNetworksAreRead() throws Exception {
        List<DockerJson.ContainerInfo> cs = DockerJson.containers(resource("docker-inspect.json"));
        assertThat(cs).hasSize(1);
        DockerJson.ContainerInfo c = cs.get(0);
        assertThat(c.name()).isEqualTo("container1");
        assertThat(c.image()).isEqualTo("centos:7");
        assertThat(c.state()).isEqualTo("running");
        assertThat(c.pid()).isPositive();
        assertThat(c.endpoints()).singleElement().satisfies(e -> {
            assertThat(e.network()).isEqualTo("bridge");
            assertThat(e.address()).isEqualTo("172.17.0.2");
            assertThat(e.prefixLength()).isEqualTo(16);
            assertThat(e.mac()).isEqualTo("02:42:ac:11:00:02");
            assertThat(e.gateway()).isEqualTo("172.17.0.1");
        });
        List<DockerNetwork> nets = DockerJson.networks(resource("docker-networks.json"));
        assertThat(nets).extracting(DockerNetwork::name).containsExactly("bridge", "host", "none");
        DockerNetwork bridge = nets.get(0);
        assertThat(bridge.driver()).isEqualTo("bridge");
        assertThat(bridge.scope()).isEqualTo("local");
        assertThat(bridge.subnets()).containsExactly("172.17.0.0/16");
        // Docker 20.10 names no gateway in the default bridge's IPAM config unless --bip was given
        assertThat(bridge.gateways()).isEmpty();
    }

    @Test
    void etcdV2TreesFlattenIntoKeysMarkedV2() throws Exception {
        String json = """
                {"action":"get","node":{"dir":true,"nodes":[{"key":"/coreos.com","dir":true,"nodes":[
                {"key":"/coreos.com/network","dir":true,"nodes":[{"key":"/coreos.com/network/config","value":"{\\"Network\\": \\"10.0.0.0/8\\"}"},
                {"key":"/coreos.com/network/subnets","dir":true,"nodes":[{"key":"/coreos.com/network/subnets/10.15.64.0-20",
                "value":"{}","expiration":"2026-11-28T21:00:00Z","ttl":86399}]}]}]}]}}
                """;
        List<EtcdKey> keys = EtcdJson.v2Keys(json);
        assertThat(keys).extracting(EtcdKey::key).contains("/coreos.com", "/coreos.com/network/config",
                "/coreos.com/network/subnets/10.15.64.0-20");
        assertThat(keys).allMatch(k -> k.api().equals("v2"));
        assertThat(keys.stream().filter(k -> k.key().endsWith("-20")).findFirst().orElseThrow().ttlSeconds()).isEqualTo(86399);
        assertThat(keys.stream().filter(k -> k.key().equals("/coreos.com")).findFirst().orElseThrow().isDirectory()).isTrue();
        List<EtcdJson.Member> members = EtcdJson.members("""
                {"members":[{"id":"21eca106efe4caee","name":"docker-node1","peerURLs":["http://192.168.205.10:2380"],
                "clientURLs":["http://192.168.205.10:2379"]}]}
                """);
        assertThat(members).singleElement().satisfies(m -> {
            assertThat(m.id()).isEqualTo("21eca106efe4caee");
            assertThat(m.peerUrls()).containsExactly("http://192.168.205.10:2380");
        });
    }
}
