/*
 * A lab line runs as the root of its host's user namespace: uid 0 inside, the machine's uid 100000
 * outside, so what it writes is 100000's and a file of the machine's root stays out of its reach
 * even where the host's view of it is writable (the /etc overlay, the run folder). What it uses
 * still answers it: Docker's socket, Open vSwitch's tools, tcpdump; etcd runs as that root too,
 * dockerd as the machine's.
 */
package org.overlaylab.hosts.netns;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.overlaylab.labfile.LabLoader;
import org.overlaylab.model.backend.BackendOptions;
import org.overlaylab.model.backend.CommandRequest;
import org.overlaylab.model.backend.CommandResult;

@Tag("netns")
class UserNamespaceTest {
    private static final BackendOptions OPTIONS = new BackendOptions(7, null, Duration.ofSeconds(60), Map.of());

    @TempDir
    static Path dir;
    private static NetnsBackend backend;

    @BeforeAll
    static void start() throws Exception {
        Path labFile = dir.resolve("userns.yaml");
        Files.writeString(labFile, """
                id: userns
                title: Who a lab line is
                hosts:
                  - name: node1
                    underlay: enp0s8 192.168.205.10/24
                    nat: enp0s3 10.0.2.15/24
                    packages: [docker.io, iproute2]
                sections:
                  - title: One
                    steps:
                      - id: one
                        title: Nothing yet
                        explain: The test types its own lines.
                        run:
                          - node1: echo ready
                """);
        backend = new NetnsBackend();
        backend.start(LabLoader.load(labFile), OPTIONS);
    }

    @AfterAll
    static void stop() {
        if (backend != null) {
            LabLayout layout = backend.layout();
            backend.close();
            assertThat(Sweeper.leftovers(layout).none()).as("left behind: " + Sweeper.leftovers(layout)).isTrue();
            assertThat(Files.exists(layout.userNamespaceFile("node1"))).isFalse();
        }
    }

    private static CommandResult run(String line) throws Exception {
        return backend.run(CommandRequest.of("node1", line));
    }

    private static int ownerOf(Path p) throws Exception {
        return ((Number) Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS)).intValue();
    }

    private static Path hostDir() {
        return backend.layout().hostDir("node1");
    }

    @Test
    void aLabLineIsRootInsideAndTheMappedUidOutside() throws Exception {
        CommandResult r = run("id -u; id -g; cat /proc/self/uid_map; echo x > /tmp/written-by-the-lab; mkdir -p work && touch work/f");
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.stdout().lines().toList()).startsWith("0", "0");
        assertThat(r.stdout()).containsPattern("\\s0\\s+100000\\s+65536");
        assertThat(ownerOf(hostDir().resolve("tmp/written-by-the-lab"))).isEqualTo(LabLayout.MAPPED_ROOT);
        assertThat(ownerOf(backend.layout().homeDir("node1").resolve("work/f"))).isEqualTo(LabLayout.MAPPED_ROOT);
    }

    @Test
    void aMachineFileStaysOutOfReachThroughTheWritableOverlayAndRunFolder() throws Exception {
        String passwd = Files.readString(Path.of("/etc/passwd"));
        CommandResult etc = run("echo 'intruder:x:0:0::/:/bin/sh' >> /etc/passwd");
        assertThat(etc.exitCode()).isNotZero();
        assertThat(etc.stderr()).contains("Permission denied");
        assertThat(Files.exists(hostDir().resolve("etc/passwd"))).as("no copy in the overlay's upper folder").isFalse();
        assertThat(Files.readString(Path.of("/etc/passwd"))).isEqualTo(passwd);

        // the run folder is writable at its own path inside the host; the machine's root owns the
        // programs there that the daemons' PATH finds first
        Path sudo = backend.layout().binDir("node1").resolve("sudo");
        String shim = Files.readString(sudo);
        CommandResult bin = run("echo 'touch /owned' >> " + sudo + "; mv " + sudo + " " + sudo + ".old");
        assertThat(bin.exitCode()).isNotZero();
        assertThat(bin.stderr()).contains("Permission denied");
        assertThat(Files.readString(sudo)).isEqualTo(shim);

        CommandResult mount = run("mount -t tmpfs t /mnt; unshare -m true");
        assertThat(mount.stderr()).contains("mount: /mnt: permission denied", "unshare failed: Operation not permitted");
    }

    @Test
    void whatLabLinesUseStillAnswers() throws Exception {
        CommandResult docker = run("sudo docker ps --format '{{.Names}}' && ls -ln /var/run/docker.sock");
        assertThat(docker.exitCode()).as(docker.output()).isZero();
        assertThat(docker.stdout()).as("the socket's group is the host's root's (0 inside)").containsPattern("srw-rw---- +1 +65534 +0 ");

        CommandResult ovs = run("sudo apt-get install -y openvswitch-switch");
        assertThat(ovs.exitCode()).as(ovs.output()).isZero();
        CommandResult bridge = run("sudo ovs-vsctl add-br br-t && sudo ovs-ofctl show br-t | head -1 && sudo ovs-appctl -t ovs-vswitchd version");
        assertThat(bridge.exitCode()).as(bridge.output()).isZero();
        assertThat(bridge.stdout()).contains("OFPT_FEATURES_REPLY", "ovs-vswitchd (Open vSwitch)");

        CommandResult capture = run("timeout -s INT 2 tcpdump -ni enp0s8 2>&1; true");
        assertThat(capture.stdout()).contains("listening on enp0s8");
    }

    @Test
    void etcdRunsAsTheHostsRootAndDockerdAsTheMachines() throws Exception {
        CommandResult etcd = run("nohup etcd --name n1 --listen-client-urls http://127.0.0.1:2379 "
                + "--advertise-client-urls http://127.0.0.1:2379 &");
        assertThat(etcd.exitCode()).as(etcd.output()).isZero();
        CommandResult health = run("sleep 2; etcdctl cluster-health");
        assertThat(health.stdout()).as(health.output()).contains("cluster is healthy");
        assertThat(uidOf(backend.daemonPid("node1", "etcd"))).isEqualTo(LabLayout.MAPPED_ROOT);
        assertThat(ownerOf(backend.layout().homeDir("node1").resolve("n1.etcd"))).isEqualTo(LabLayout.MAPPED_ROOT);
        assertThat(uidOf(backend.daemonPid("node1", "dockerd"))).isZero();
    }

    private static int uidOf(long pid) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
            if (line.startsWith("Uid:")) {
                return Integer.parseInt(line.split("\\s+")[1]);
            }
        }
        throw new AssertionError("no Uid line for pid " + pid);
    }
}
