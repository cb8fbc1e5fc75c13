/*
 * The shell around the network tools, as the tutorial leans on it: here-documents written with cat,
 * `source` of an env file, jq in a pipe, stderr kept out of pipes unless 2>&1, background jobs,
 * and the setup tools the simulator cannot really run (wget, tar, apt-get), whose files appear and
 * whose notes say what the real command would have fetched.
 */
package org.overlaylab.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.overlaylab.model.backend.CommandResult;

class ShellAndSetupToolsTest {
    private final SimLab lab = SimLab.oneHost();

    @AfterEach
    void close() {
        lab.close();
    }

    private String ok(String line) {
        return lab.ok("node1", line);
    }

    private CommandResult run(String line) {
        return lab.run("node1", line);
    }

    @Test
    void catHereDocumentWritesAFile() {
        ok("export NAME=demo");
        assertThat(ok("cat > net.json <<EOF\n{\n    \"Name\": \"$NAME\"\n}\nEOF")).isEmpty();
        assertThat(ok("cat net.json")).isEqualTo("{\n    \"Name\": \"demo\"\n}\n");
        // a quoted delimiter keeps the body as typed
        ok("cat > raw.txt <<'EOF'\n$NAME\nEOF");
        assertThat(ok("cat raw.txt")).isEqualTo("$NAME\n");
        assertThat(ok("ls")).isEqualTo("net.json  raw.txt\n");
        ok("cat >> raw.txt <<EOF\nmore\nEOF");
        assertThat(ok("cat raw.txt")).isEqualTo("$NAME\nmore\n");
        CommandResult missing = run("cat nosuch.json");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.output()).isEqualTo("cat: nosuch.json: No such file or directory\n");
    }

    @Test
    void sourceReadsVariablesIntoTheShell() {
        ok("cat > subnet.env <<EOF\nFLANNEL_SUBNET=10.15.64.1/20\nexport FLANNEL_MTU=\"1450\"\n# a comment\nEOF");
        ok("source subnet.env");
        assertThat(ok("echo ${FLANNEL_SUBNET} $FLANNEL_MTU")).isEqualTo("10.15.64.1/20 1450\n");
        ok("cat > other.env <<EOF\nX=1\nEOF");
        ok(". other.env");
        assertThat(ok("echo $X")).isEqualTo("1\n");
        CommandResult missing = run("source /run/flannel/subnet.env");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.output()).isEqualTo("bash: /run/flannel/subnet.env: No such file or directory\n");
    }

    @Test
    void jqPrettyPrintsAndSelects() {
        String doc = "'{\"Network\":\"10.0.0.0/8\",\"Backend\":{\"Type\":\"vxlan\",\"VNI\":100},\"List\":[1,2]}'";
        assertThat(ok("echo " + doc + " | jq .")).isEqualTo("""
                {
                  "Network": "10.0.0.0/8",
                  "Backend": {
                    "Type": "vxlan",
                    "VNI": 100
                  },
                  "List": [
                    1,
                    2
                  ]
                }
                """);
        assertThat(ok("echo " + doc + " | jq .Backend.VNI")).isEqualTo("100\n");
        assertThat(ok("echo " + doc + " | jq .Backend.Type")).isEqualTo("\"vxlan\"\n");
        assertThat(ok("echo " + doc + " | jq -r .Backend.Type")).isEqualTo("vxlan\n");
        assertThat(ok("echo " + doc + " | jq '.List[1]'")).isEqualTo("2\n");
        assertThat(ok("echo " + doc + " | jq .Missing")).isEqualTo("null\n");
        assertThat(ok("echo " + doc + " | jq -c .Backend")).isEqualTo("{\"Type\":\"vxlan\",\"VNI\":100}\n");
        CommandResult bad = run("echo not-json | jq .");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.output()).startsWith("parse error: ");
    }

    @Test
    void stderrStaysOutOfAPipeUnlessRedirected() {
        lab.etcdUnpacked("node1");
        // no etcd runs: etcdctl fails on stderr, jq reads nothing and the pipeline ends with jq's status
        CommandResult piped = run("./etcdctl get /coreos.com/network/config | jq .");
        assertThat(piped.exitCode()).isZero();
        assertThat(piped.stdout()).isEmpty();
        assertThat(piped.stderr()).startsWith("Error:  client: etcd cluster is unavailable or misconfigured");
        CommandResult merged = run("./etcdctl get /coreos.com/network/config 2>&1 | cat");
        assertThat(merged.stdout()).startsWith("Error:  client: etcd cluster is unavailable or misconfigured");
        assertThat(merged.stderr()).isEmpty();
        CommandResult toFile = run("./etcdctl get /x 2> err.txt");
        assertThat(toFile.output()).isEmpty();
        assertThat(ok("cat err.txt")).startsWith("Error:  client:");
        CommandResult swapped = run("echo to-stderr >&2");
        assertThat(swapped.stdout()).isEmpty();
        assertThat(swapped.stderr()).isEqualTo("to-stderr\n");
        assertThat(run("ls nosuch > /dev/null").stderr()).isEqualTo("ls: cannot access 'nosuch': No such file or directory\n");
    }

    @Test
    void backgroundJobsAndNohup() {
        CommandResult job = run("sleep 100 &");
        assertThat(job.exitCode()).isZero();
        assertThat(job.stderr()).matches("\\[1\\] \\d+\n");
        CommandResult second = run("nohup sleep 1 &");
        assertThat(second.stderr()).matches("\\[2\\] \\d+\nnohup: ignoring input and appending output to 'nohup.out'\n");
        assertThat(run("nohup echo hi > out.txt").stderr()).isEqualTo("nohup: ignoring input\n");
        assertThat(ok("cat out.txt")).isEqualTo("hi\n");
    }

    @Test
    void wgetAndTarUnpackTheEtcdRelease() {
        CommandResult wget = run("wget " + SimLab.ETCD_URL);
        assertThat(wget.exitCode()).isZero();
        assertThat(wget.stderr()).contains("Saving to: \u2018etcd-v3.0.12-linux-amd64.tar.gz\u2019\n",
                "\u2018etcd-v3.0.12-linux-amd64.tar.gz\u2019 saved [10164288/10164288]\n");
        assertThat(wget.notes()).containsExactly(
                "the simulated VM downloads the etcd v3.0.12 release (etcd and etcdctl); no data leaves this machine");
        assertThat(ok("ls")).isEqualTo("etcd-v3.0.12-linux-amd64.tar.gz\n");

        CommandResult tar = run("tar zxvf etcd-v3.0.12-linux-amd64.tar.gz");
        assertThat(tar.stdout()).startsWith("etcd-v3.0.12-linux-amd64/\n").contains("etcd-v3.0.12-linux-amd64/etcdctl\n");
        assertThat(tar.notes()).containsExactly("tar unpacks the release: its programs run as simulated etcdctl and etcd");
        ok("cd etcd-v3.0.12-linux-amd64");
        assertThat(ok("ls")).isEqualTo("Documentation  README-etcdctl.md  README.md  etcd  etcdctl\n");
        assertThat(ok("ls -l etcd")).startsWith("-rwxr-xr-x 1 vagrant vagrant ");
        assertThat(ok("./etcdctl --version")).startsWith("etcdctl version: 3.0.12");

        CommandResult unknown = run("wget https://example.com/thing.tar.gz");
        assertThat(unknown.exitCode()).isEqualTo(4);
        assertThat(unknown.notes()).containsExactly("this lab's simulated VMs can download only the files the tutorial uses");
        CommandResult noFile = run("tar zxf nosuch.tar.gz");
        assertThat(noFile.exitCode()).isEqualTo(2);
        assertThat(noFile.output()).startsWith("tar (child): nosuch.tar.gz: Cannot open: No such file or directory\n");
    }

    @Test
    void aDownloadedBinaryRunsOnlyOnceItIsExecutable() {
        ok("wget " + SimLab.FLANNEL_URL + " -O flanneld");
        CommandResult notYet = run("./flanneld --version");
        assertThat(notYet.exitCode()).isEqualTo(126);
        assertThat(notYet.output()).isEqualTo("bash: ./flanneld: Permission denied\n");
        ok("chmod 755 flanneld");
        assertThat(ok("./flanneld --version")).isEqualTo("0.6.2\n");

        CommandResult usrLocal = run("wget -O /usr/local/bin/calicoctl " + SimLab.CALICOCTL_URL);
        assertThat(usrLocal.exitCode()).isEqualTo(3);
        assertThat(usrLocal.output()).isEqualTo("/usr/local/bin/calicoctl: Permission denied\n");
        ok("sudo wget -O /usr/local/bin/calicoctl " + SimLab.CALICOCTL_URL);
        assertThat(run("calicoctl version").exitCode()).isEqualTo(127);
        ok("sudo chmod +x /usr/local/bin/calicoctl");
        assertThat(ok("calicoctl version")).startsWith("Client Version:    v1.6.1\n");
    }

    @Test
    void aptGetInstallsPackagesAndTheirPrograms() {
        CommandResult user = run("apt-get install -y openvswitch-switch");
        assertThat(user.exitCode()).isEqualTo(100);
        assertThat(user.output()).isEqualTo("E: Could not open lock file /var/lib/dpkg/lock - open (13: Permission denied)\n"
                + "E: Unable to lock the administration directory (/var/lib/dpkg/), are you root?\n");
        CommandResult install = run("sudo apt-get install -y openvswitch-switch");
        assertThat(install.exitCode()).isZero();
        assertThat(install.stdout()).contains("The following NEW packages will be installed:\n  openvswitch-common openvswitch-switch\n",
                "0 upgraded, 2 newly installed, 0 to remove and 0 not upgraded.\n",
                "Setting up openvswitch-common (2.5.2-0ubuntu0.16.04.1) ...\n");
        assertThat(install.notes()).containsExactly(
                "the simulated VM installs openvswitch-common, openvswitch-switch and starts ovsdb-server and ovs-vswitchd");
        assertThat(ok("sudo ovs-vsctl --version")).startsWith("ovs-vsctl (Open vSwitch) 2.5.2\n");
        assertThat(ok("sudo apt-get install -y bridge-utils")).contains("bridge-utils is already the newest version (1.5-9ubuntu1).\n");
        CommandResult unknown = run("sudo apt-get install -y nosuchpackage");
        assertThat(unknown.exitCode()).isEqualTo(100);
        assertThat(unknown.output()).endsWith("E: Unable to locate package nosuchpackage\n");
    }

    @Test
    void cdAndShellErrors() {
        CommandResult cd = run("cd nosuch");
        assertThat(cd.exitCode()).isEqualTo(1);
        assertThat(cd.output()).isEqualTo("bash: cd: nosuch: No such file or directory\n");
        ok("mkdir -p a/b && cd a/b");
        assertThat(ok("ls ..")).isEqualTo("b\n");
        ok("cd");
        assertThat(ok("ls")).isEqualTo("a\n");
        CommandResult syntax = run("echo \"unclosed");
        assertThat(syntax.exitCode()).isEqualTo(2);
        assertThat(syntax.output()).startsWith("bash: ");
        assertThat(ok("ls nosuch > /dev/null 2>&1 || echo fallback; true && echo both")).isEqualTo("fallback\nboth\n");
    }
}
