/*
 * Every program a lab file may call (KnownPrograms, which the lab-file reader validates against)
 * has a simulated implementation, and a command nobody implements fails the way bash says so,
 * leaving the hosts exactly as they were.
 */
package org.overlaylab.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.overlaylab.model.backend.CommandResult;
import org.overlaylab.model.lab.KnownPrograms;
import org.overlaylab.model.topology.Topology;

class ProgramRegistryTest {
    /** Words the shell itself handles; no program file stands behind them. */
    private static final Set<String> SHELL_BUILTINS = Set.of("cd", "source", ".", "export");

    @Test
    void everyKnownProgramIsRegistered() {
        try (SimLab lab = SimLab.oneHost()) {
            List<String> missing = new ArrayList<>();
            for (String program : KnownPrograms.ALL.keySet()) {
                if (!SHELL_BUILTINS.contains(program) && lab.world().programs().find(program) == null) {
                    missing.add(program);
                }
            }
            assertThat(missing).isEmpty();
        }
    }

    @Test
    void theShellBuiltinsWorkWithoutAProgram() {
        try (SimLab lab = SimLab.oneHost()) {
            for (String builtin : SHELL_BUILTINS) {
                assertThat(lab.world().programs().find(builtin)).as(builtin).isNull();
            }
            lab.ok("node1", "export A=1 && cd /tmp && echo \"$A\" > a.env && . ./a.env && source /tmp/a.env");
        }
    }

    @Test
    void everyProgramOfAFreshVmIsFoundThroughPath() {
        try (SimLab lab = SimLab.oneHost()) {
            // the tutorial installs or downloads the others (etcd, flanneld, calicoctl, ovs-vsctl)
            for (String program : List.of("ip", "ifconfig", "brctl", "bridge", "ping", "tcpdump", "docker", "dockerd",
                    "service", "systemctl", "jq", "wget", "tar", "apt-get", "chmod", "cat", "echo", "ls", "mkdir",
                    "sleep", "hostname", "true")) {
                assertThat(lab.world().shell().resolveOnHost(lab.host("node1"), program)).as(program).isEqualTo(program);
            }
            for (String program : List.of("etcd", "etcdctl", "flanneld", "calicoctl", "ovs-vsctl")) {
                assertThat(lab.world().shell().resolveOnHost(lab.host("node1"), program)).as(program).isNull();
            }
        }
    }

    @Test
    void theSimulatorsProgramsAreExactlyTheRegistrysOnes() {
        try (SimLab lab = SimLab.oneHost()) {
            java.util.Set<String> simulated = new java.util.TreeSet<>(lab.world().programs().names());
            // the daemon ovs-vswitchd is started by apt-get, never typed
            simulated.remove("ovs-vswitchd");
            simulated.remove("sh");
            assertThat(KnownPrograms.ALL.keySet()).containsAll(simulated);
        }
    }

    @Test
    void aKnownProgramTheSimulatorDoesNotModelSaysSoOnStderr() {
        try (SimLab lab = SimLab.oneHost()) {
            for (String program : List.of("getent")) {
                CommandResult r = lab.run("node1", "sudo " + program + " show protocols");
                assertThat(r.exitCode()).as(program).isEqualTo(1);
                assertThat(r.stdout()).isEmpty();
                assertThat(r.stderr()).isEqualTo("'" + program + "' is not simulated here; it runs on the netns and ssh backends\n");
            }
        }
    }

    @Test
    void completionFollowsTheWordsTyped() {
        assertThat(KnownPrograms.completions(List.of())).contains("ip", "ovs-vsctl", "grep");
        assertThat(KnownPrograms.completions(List.of("sudo", "ip"))).contains("link", "route", "-br");
        assertThat(KnownPrograms.completions(List.of("ip", "-br", "link"))).contains("show", "set");
        assertThat(KnownPrograms.completions(List.of("./etcdctl", "member"))).containsExactly("list");
        assertThat(KnownPrograms.completions(List.of("frobnicate"))).isEmpty();
        assertThat(KnownPrograms.PROGRAMS.get("docker").subcommands()).contains("ps", "exec", "network");
    }

    @Test
    void anUnknownCommandFailsClearlyAndChangesNothing() throws Exception {
        try (SimLab lab = SimLab.twoHosts()) {
            Topology before = lab.backend().observe();
            CommandResult plain = lab.run("node1", "frobnicate --all eth0");
            assertThat(plain.exitCode()).isEqualTo(127);
            assertThat(plain.output()).isEqualTo("frobnicate: command not found\n");
            CommandResult sudo = lab.run("node1", "sudo frobnicate --all");
            assertThat(sudo.exitCode()).isEqualTo(1);
            assertThat(sudo.output()).isEqualTo("sudo: frobnicate: command not found\n");
            CommandResult path = lab.run("node1", "./frobnicate");
            assertThat(path.exitCode()).isEqualTo(127);
            assertThat(path.output()).isEqualTo("bash: ./frobnicate: No such file or directory\n");
            lab.runSleeper("node1", "test1", null);
            CommandResult inContainer = lab.run("node1", "sudo docker exec test1 frobnicate");
            assertThat(inContainer.exitCode()).isEqualTo(126);
            assertThat(inContainer.output()).contains("exec: \"frobnicate\": executable file not found in $PATH");
            lab.ok("node1", "sudo docker rm -f test1");
            assertThat(lab.backend().observe()).isEqualTo(before);
        }
    }
}
