/*
 * etcd 3.0.12 and etcdctl as the tutorial runs them: member IDs computed from the peer URLs and the
 * cluster token, cluster-health before and after the second member, the v2 key commands with their
 * error texts, the separate v3 key space with ETCDCTL_API=3, and the flags etcd refuses.
 */
package org.overlaylab.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.overlaylab.model.backend.CommandResult;

class EtcdTest {
    private static final String KEY_NOT_FOUND = "Error:  100: Key not found \\(%s\\) \\[\\d+\\]\n";

    private final SimLab lab = SimLab.twoHosts();

    @AfterEach
    void close() {
        lab.close();
    }

    private String ok(String host, String line) {
        return lab.ok(host, line);
    }

    private CommandResult run(String host, String line) {
        return lab.run(host, line);
    }

    /** etcd's member ID: the first eight bytes of SHA-1 over the sorted peer URLs and the cluster token. */
    private static String memberId(String peerUrl, String token) throws Exception {
        byte[] sha = MessageDigest.getInstance("SHA-1").digest((peerUrl + token).getBytes(StandardCharsets.UTF_8));
        return Long.toHexString(ByteBuffer.wrap(sha).getLong());
    }

    @Test
    void theTutorialsMemberIdsFollowFromItsFlags() throws Exception {
        assertThat(memberId("http://192.168.205.10:2380", "etcd-cluster")).isEqualTo("21eca106efe4caee");
        assertThat(memberId("http://192.168.205.11:2380", "etcd-cluster")).isEqualTo("8614974c83d1cc6d");
    }

    @Test
    void clusterHealthBeforeAnyMemberBeforeTheSecondAndAfter() {
        lab.etcdUnpacked("node1").etcdUnpacked("node2");
        CommandResult none = run("node1", "./etcdctl cluster-health");
        assertThat(none.exitCode()).isEqualTo(4);
        assertThat(none.stdout()).isEqualTo("cluster may be unhealthy: failed to list members\n");
        assertThat(none.stderr()).startsWith("Error:  client: etcd cluster is unavailable or misconfigured; "
                + "error #0: dial tcp 127.0.0.1:2379: getsockopt: connection refused\n");

        CommandResult started = run("node1", SimLab.etcdCommand(1));
        assertThat(started.exitCode()).isZero();
        assertThat(started.stderr()).matches("\\[1\\] \\d+\nnohup: ignoring input and appending output to 'nohup.out'\n");
        String log = ok("node1", "cat nohup.out");
        assertThat(log).contains(" I | etcdmain: etcd Version: 3.0.12\n",
                " I | etcdmain: listening for client requests on 127.0.0.1:2379\n",
                " I | etcdserver: name = docker-node1\n",
                " I | etcdserver: starting member 21eca106efe4caee in cluster ");

        // one of two members: no quorum, so no member has published its client URLs
        CommandResult half = run("node1", "./etcdctl cluster-health");
        assertThat(half.exitCode()).isEqualTo(5);
        assertThat(half.stdout()).isEqualTo("""
                member 21eca106efe4caee is unreachable: no available published client urls
                member 8614974c83d1cc6d is unreachable: no available published client urls
                cluster is unhealthy
                """);

        ok("node2", SimLab.etcdCommand(2));
        String healthy = """
                member 21eca106efe4caee is healthy: got healthy result from http://192.168.205.10:2379
                member 8614974c83d1cc6d is healthy: got healthy result from http://192.168.205.11:2379
                cluster is healthy
                """;
        assertThat(ok("node1", "./etcdctl cluster-health")).isEqualTo(healthy);
        assertThat(ok("node2", "./etcdctl cluster-health")).isEqualTo(healthy);
        assertThat(ok("node1", "./etcdctl member list")).isEqualTo("""
                21eca106efe4caee: name=docker-node1 peerURLs=http://192.168.205.10:2380 clientURLs=http://192.168.205.10:2379 isLeader=true
                8614974c83d1cc6d: name=docker-node2 peerURLs=http://192.168.205.11:2380 clientURLs=http://192.168.205.11:2379 isLeader=false
                """);
    }

    @Test
    void v2KeysSetGetLsMkMkdirRm() {
        lab.etcdCluster();
        assertThat(ok("node1", "./etcdctl ls /")).isEmpty();
        assertThat(ok("node1", "./etcdctl set /a/b hello")).isEqualTo("hello\n");
        assertThat(ok("node2", "./etcdctl get /a/b")).isEqualTo("hello\n");
        assertThat(ok("node1", "./etcdctl --endpoints http://192.168.205.11:2379 get /a/b")).isEqualTo("hello\n");
        assertThat(ok("node1", "./etcdctl mk /a/c new")).isEqualTo("new\n");
        assertThat(ok("node1", "./etcdctl mkdir /d")).isEmpty();
        assertThat(ok("node1", "./etcdctl ls")).isEqualTo("/a\n/d\n");
        assertThat(ok("node1", "./etcdctl ls /a")).isEqualTo("/a/b\n/a/c\n");
        assertThat(ok("node1", "./etcdctl ls -p /")).isEqualTo("/a/\n/d/\n");
        assertThat(ok("node1", "./etcdctl ls --recursive /")).isEqualTo("/a\n/a/b\n/a/c\n/d\n");
        assertThat(ok("node1", "./etcdctl rm /a/b")).isEqualTo("PrevNode.Value: hello\n");
        assertThat(ok("node1", "./etcdctl rmdir /d")).isEmpty();
        assertThat(ok("node1", "./etcdctl rm --recursive /a")).isEmpty();
        assertThat(ok("node1", "./etcdctl ls /")).isEmpty();
    }

    @Test
    void v2ValueFromStandardInput() {
        lab.etcdCluster();
        ok("node1", "cat > value.json <<EOF\n{\"Network\": \"10.0.0.0/8\"}\nEOF");
        // the value is the file as it is, final newline included, so both print an empty line after it
        assertThat(ok("node1", "./etcdctl set /coreos.com/network/config < value.json")).isEqualTo("{\"Network\": \"10.0.0.0/8\"}\n\n");
        assertThat(ok("node2", "./etcdctl get /coreos.com/network/config")).isEqualTo("{\"Network\": \"10.0.0.0/8\"}\n\n");
    }

    @Test
    void v2Errors() {
        lab.etcdCluster();
        ok("node1", "./etcdctl set /a/b hello");
        ok("node1", "./etcdctl mkdir /d");
        expect("./etcdctl get /x", 4, KEY_NOT_FOUND.formatted("/x"));
        expect("./etcdctl ls /nope", 4, KEY_NOT_FOUND.formatted("/nope"));
        expect("./etcdctl rm /nope", 4, KEY_NOT_FOUND.formatted("/nope"));
        expect("./etcdctl mk /a/b again", 4, "Error:  105: Key already exists \\(/a/b\\) \\[\\d+\\]\n");
        expect("./etcdctl mkdir /d", 4, "Error:  105: Key already exists \\(/d\\) \\[\\d+\\]\n");
        expect("./etcdctl set /a/b/c x", 4, "Error:  104: Not a directory \\(/a/b\\) \\[\\d+\\]\n");
        expect("./etcdctl rm /a", 4, "Error:  102: Not a file \\(/a\\) \\[\\d+\\]\n");
        expect("./etcdctl rmdir /a", 4, "Error:  108: Directory not empty \\(/a\\) \\[\\d+\\]\n");
        expect("./etcdctl get /a", 1, "/a: is a directory\n");
        assertThat(ok("node1", "./etcdctl get /a/b")).isEqualTo("hello\n");
    }

    private void expect(String line, int status, String outputPattern) {
        CommandResult r = run("node1", line);
        assertThat(r.exitCode()).as(line).isEqualTo(status);
        assertThat(r.output()).as(line).matches(outputPattern);
    }

    @Test
    void theErrorIndexIsTheClusterWideIndexAtTheTimeOfTheRequest() {
        lab.etcdCluster();
        String first = run("node1", "./etcdctl get /x").output();
        ok("node1", "./etcdctl set /a 1");
        ok("node1", "./etcdctl set /b 2");
        String later = run("node1", "./etcdctl get /x").output();
        int before = Integer.parseInt(first.replaceAll("(?s).*\\[(\\d+)\\].*", "$1"));
        int after = Integer.parseInt(later.replaceAll("(?s).*\\[(\\d+)\\].*", "$1"));
        assertThat(after).isEqualTo(before + 2);
    }

    @Test
    void v3HasItsOwnKeySpace() {
        lab.etcdCluster();
        ok("node1", "./etcdctl set /v2key from-v2");
        assertThat(ok("node1", "ETCDCTL_API=3 ./etcdctl put foo bar")).isEqualTo("OK\n");
        assertThat(ok("node1", "ETCDCTL_API=3 ./etcdctl put foo2 baz")).isEqualTo("OK\n");
        assertThat(ok("node1", "ETCDCTL_API=3 ./etcdctl get foo")).isEqualTo("foo\nbar\n");
        assertThat(ok("node1", "ETCDCTL_API=3 ./etcdctl get --prefix foo")).isEqualTo("foo\nbar\nfoo2\nbaz\n");
        assertThat(ok("node1", "ETCDCTL_API=3 ./etcdctl get nope")).isEmpty();
        assertThat(ok("node1", "ETCDCTL_API=3 ./etcdctl get /v2key")).isEmpty();
        ok("node2", "export ETCDCTL_API=3");
        assertThat(ok("node2", "./etcdctl get foo2")).isEqualTo("foo2\nbaz\n");
        assertThat(ok("node2", "./etcdctl del foo")).isEqualTo("1\n");
        assertThat(ok("node2", "./etcdctl del foo")).isEqualTo("0\n");
        assertThat(ok("node2", "./etcdctl member list")).isEqualTo("""
                21eca106efe4caee, started, docker-node1, http://192.168.205.10:2380, http://192.168.205.10:2379
                8614974c83d1cc6d, started, docker-node2, http://192.168.205.11:2380, http://192.168.205.11:2379
                """);
        assertThat(run("node1", "./etcdctl ls /foo").exitCode()).isEqualTo(4);
    }

    @Test
    void etcdRefusesAddressesTheHostDoesNotHaveAndNamesMissingFromTheCluster() {
        lab.etcdUnpacked("node1");
        CommandResult foreign = run("node1", "./etcd --name docker-node1 --listen-client-urls http://192.168.205.11:2379"
                + " --initial-cluster " + SimLab.INITIAL_CLUSTER);
        assertThat(foreign.exitCode()).isEqualTo(1);
        assertThat(foreign.output()).containsPattern(
                "(?m)^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{6} C \\| etcdmain: listen tcp 192.168.205.11:2379: "
                        + "bind: cannot assign requested address$");

        CommandResult unnamed = run("node1", "./etcd --name docker-node3 --initial-advertise-peer-urls http://192.168.205.10:2380"
                + " --listen-peer-urls http://192.168.205.10:2380 --listen-client-urls http://192.168.205.10:2379"
                + " --initial-cluster " + SimLab.INITIAL_CLUSTER);
        assertThat(unnamed.exitCode()).isEqualTo(1);
        assertThat(unnamed.output()).contains(
                " C | etcdmain: couldn't find local name \"docker-node3\" in the initial cluster configuration\n");

        ok("node1", SimLab.etcdCommand(1));
        CommandResult twice = run("node1", "./etcd --name docker-node1 --listen-peer-urls http://192.168.205.10:2380"
                + " --initial-cluster " + SimLab.INITIAL_CLUSTER);
        assertThat(twice.exitCode()).isEqualTo(1);
        assertThat(twice.output()).contains(" C | etcdmain: listen tcp 192.168.205.10:2380: bind: address already in use\n");

        assertThat(ok("node1", "./etcd --version")).startsWith("etcd Version: 3.0.12\n");
        assertThat(ok("node1", "./etcdctl --version")).isEqualTo("etcdctl version: 3.0.12\nAPI version: 2\n");
    }

    @Test
    void theReleaseMustBeUnpackedFirst() {
        CommandResult r = run("node1", "./etcdctl cluster-health");
        assertThat(r.exitCode()).isEqualTo(127);
        assertThat(r.output()).isEqualTo("bash: ./etcdctl: No such file or directory\n");
        assertThat(run("node1", "etcdctl ls").output()).isEqualTo("etcdctl: command not found\n");
    }
}
