/* What a lab file's command may run, write and mount: every program found, refusals with reason and position. */
package org.overlaylab.model.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.overlaylab.model.shell.LabCommandRules.Refusal;

class LabCommandRulesTest {

    private static List<Refusal> check(String line) {
        return LabCommandRules.check(line);
    }

    private static Refusal only(String line) {
        List<Refusal> r = check(line);
        assertThat(r).as(line).hasSize(1);
        return r.get(0);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "./etcdctl cluster-health",
        "etcd-v3.0.12-linux-amd64/etcd --name node1",
        "sudo /usr/bin/docker daemon -H tcp://0.0.0.0:2375 -H unix:///var/run/docker.sock",
        "nohup sudo ./flanneld -iface=192.168.205.10 &",
        "source /run/flannel/subnet.env",
        "sudo wget -O /usr/local/bin/calicoctl https://github.com/projectcalico/calicoctl/releases/download/v1.6.1/calicoctl",
        "sudo chmod +x /usr/local/bin/calicoctl",
        "wget https://github.com/coreos/flannel/releases/download/v0.6.2/flanneld-amd64 -O flanneld && chmod 755 flanneld",
        "tar zxf etcd-v3.0.12-linux-amd64.tar.gz && cd etcd-v3.0.12-linux-amd64",
        "./etcdctl set /coreos.com/network/config < flannel-network-config.json",
        "cat > flannel-network-config.json <<EOF\n{\"Network\": \"10.0.0.0/8\"}\nEOF",
        "sudo docker run -d --name test1 --net demo busybox sh -c \"while true; do sleep 3600; done\"",
        "sudo docker exec test1 ping -c 3 10.0.0.3",
        "sudo docker exec test1 sh -c 'ip route; ping -c 1 10.0.0.3'",
        "echo $(hostname) `hostname`",
        "ip addr show 2>/dev/null | jq .",
        "sudo ip netns exec ns1 ip link",
        "sudo service docker stop",
        "sudo docker run -d -v data:/data -v /var/lib/lab:/x busybox true",
        "ping -c 2 {{WORKLOAD_C}}",
    })
    void tutorialCommandsPass(String line) {
        assertThat(check(line)).as(line).isEmpty();
    }

    @Test
    void everySubstitutionIsParsedAndItsProgramsChecked() {
        String[] lines = {"echo $(rm -rf /)", "echo `rm -rf /`", "cat <(rm -rf /)", "echo x >(rm -rf /)",
            "echo \"$(rm -rf /)\"", "echo $(echo $(rm -rf /))", "sh -c 'rm -rf /'", "bash -c \"ls; rm -rf /\"",
            "docker exec c1 sh -c 'rm -rf /'", "sudo ip netns exec x rm -rf /", "cat <<EOF\n$(rm -rf /)\nEOF"};
        for (String line : lines) {
            Refusal r = only(line);
            assertThat(r.message()).as(line).startsWith("unknown command 'rm'");
            if (!line.contains("<<")) {
                assertThat(line.substring(r.offset())).as(line).startsWith("rm -rf /");
            }
        }
        // a quoted here-document is text: nothing in it runs
        assertThat(check("cat > f.txt <<'EOF'\n$(rm -rf /)\nEOF")).isEmpty();
    }

    @Test
    void aProgramIsABareNameOrAPathInsideTheLab() {
        Refusal tmp = only("/tmp/x/jq .");
        assertThat(tmp.offset()).isZero();
        assertThat(tmp.message()).isEqualTo("runs /tmp/x/jq, outside the lab; a program is a bare name (jq), a path"
                + " inside the lab's folder (./jq) or a system one (/usr/bin/jq)");
        Refusal up = only("ls && ../ip link");
        assertThat(up.offset()).isEqualTo(6);
        assertThat(up.message()).startsWith("runs ../ip: '..' climbs out of the lab's folder");
        assertThat(only("/usr/bin/../../x/ip link").message()).startsWith("runs /usr/bin/../../x/ip, outside the lab");
        assertThat(only("$TOOL link").message()).contains("depends on a variable");
        assertThat(only("sh ./script.sh").message()).contains("sh may only run a command given with -c");
    }

    @Test
    void writesAndSourcesStayInTheLabsFolders() {
        Refusal r = only("echo x > /etc/cron.d/job");
        assertThat(r.offset()).isEqualTo(9);
        assertThat(r.message()).startsWith("redirect > /etc/cron.d/job: /etc/cron.d/job is outside the lab's folders");
        assertThat(only("cat < ../../etc/shadow").message()).contains("'..' climbs out of the lab's folder");
        assertThat(only("source ~/.bashrc").message()).contains("a home folder is outside the lab");
        assertThat(only(". /etc/profile").message()).startsWith("source /etc/profile: /etc/profile is outside");
        assertThat(only("echo x >> /run/../etc/passwd").message()).contains("'.' and '..' are not allowed");
        assertThat(only("cat > ip <<EOF\nx\nEOF").message()).contains("may not write a file named after a program (ip)");
        assertThat(only("wget -O /tmp/x http://a/b").message()).startsWith("wget -O /tmp/x: /tmp/x is outside");
        assertThat(only("wget --output-document=/etc/x http://a/b").message()).startsWith("wget --output-document /etc/x");
        assertThat(only("curl -o /etc/x http://a/b").message()).startsWith("curl -o /etc/x: /etc/x is outside");
        assertThat(only("curl -o/etc/x http://a/b").message()).startsWith("curl -o /etc/x");
        assertThat(only("tar xf a.tar -C /").message()).startsWith("tar -C /: / is outside");
        assertThat(only("cd / && ls").message()).contains("a lab changes folder only within its own folder");
        assertThat(only("cd etc && cd ../.. && ls").message()).contains("'..' climbs out");
        assertThat(check("cd sub && cd .. && ls")).isEmpty();
        assertThat(only("PATH=/tmp/x ip link").message()).contains("setting PATH changes which program runs");
        assertThat(only("sudo LD_PRELOAD=/tmp/x.so ip link").message()).contains("setting LD_PRELOAD");
    }

    @Test
    void dockerOptionsThatReachTheMachineAreRefused() {
        String[][] cases = {
            {"docker run --privileged busybox", "--privileged", "a privileged container has every device"},
            {"docker run --pid=host busybox", "--pid=host", "shares the machine's pid namespace"},
            {"docker run -v /:/host busybox", "/:/host", "mounts /: / is outside the lab's folders"},
            {"docker run -v/etc:/x busybox", "-v/etc", "mounts /etc"},
            {"docker run --mount type=bind,source=/etc,target=/x busybox", "type=bind", "mounts /etc"},
            {"docker run --cap-add=ALL busybox", "--cap-add", "capability ALL reaches the machine"},
            {"docker run --cap-add sys_admin busybox", "sys_admin", "capability SYS_ADMIN"},
            {"docker run --net=host busybox", "--net=host", "the machine's own network is outside the lab"},
            {"docker run --network host busybox", "host busybox", "the machine's own network"},
            {"docker run --device /dev/sda busybox", "/dev/sda", "gives the container a device of the machine"},
            {"docker exec --privileged c1 ls", "--privileged", "privileged"},
            {"docker run --security-opt seccomp=unconfined busybox", "seccomp", "turns off the container's confinement"},
            {"sudo docker container run -it --privileged busybox", "--privileged", "privileged"},
        };
        for (String[] c : cases) {
            Refusal r = only(c[0]);
            assertThat(r.message()).as(c[0]).contains(c[2]);
            assertThat(c[0].substring(r.offset())).as(c[0]).startsWith(c[1]);
        }
    }

    @Test
    void servicesAndAptOptionsAreLimited() {
        assertThat(only("sudo systemctl poweroff").message()).startsWith("systemctl poweroff: a lab may only");
        assertThat(only("sudo service ssh stop").message()).contains("not 'ssh'");
        assertThat(only("sudo apt-get -o APT::Update::Pre-Invoke::=x update").message()).contains("sets apt options");
        assertThat(only("tcpdump -w x.pcap -z ./post").message()).contains("tcpdump -z runs a program");
    }

    @Test
    void placeholdersMustStandOutsideQuotes() {
        assertThat(only("ping \"{{PEER}}\"").message()).contains("{{PEER}} stands inside quotes");
        assertThat(only("sh -c 'ping {{PEER}}'").offset()).isEqualTo(12);
        assertThat(check("ping -c 1 {{PEER}}")).isEmpty();
    }

    @Test
    void nestingIsBounded() {
        String deep = "echo " + "$(echo ".repeat(40) + "x" + ")".repeat(40);
        long t0 = System.nanoTime();
        Refusal r = only(deep);
        assertThat(r.message()).contains("substitutions nested more than 16 deep");
        String unterminated = "echo " + "$(".repeat(50_000);
        assertThat(only(unterminated).message()).contains("unterminated $(");
        assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(2_000);
    }
}
