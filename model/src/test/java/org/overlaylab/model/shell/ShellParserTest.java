/* The shell-line parser against the command lines the tutorial itself uses. */
package org.overlaylab.model.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.overlaylab.model.shell.ShellScript.SimpleCommand;

class ShellParserTest {

    private static List<String> words(SimpleCommand c, Map<String, String> env) {
        return c.words().stream().flatMap(w -> w.expand(env::get).stream()).toList();
    }

    @Test
    void etcdStartWithContinuationsAndBackground() throws Exception {
        ShellScript s = ShellParser.parse("nohup ./etcd --name docker-node1 \\\n--listen-peer-urls http://192.168.205.10:2380 \\\n--initial-cluster-state new&");
        assertThat(s.jobs()).hasSize(1);
        assertThat(s.jobs().get(0).background()).isTrue();
        SimpleCommand c = s.simpleCommands().get(0);
        assertThat(words(c, Map.of())).containsExactly("nohup", "./etcd", "--name", "docker-node1",
                "--listen-peer-urls", "http://192.168.205.10:2380", "--initial-cluster-state", "new");
        assertThat(Programs.calls(s)).extracting(Programs.Call::program).containsExactly("etcd");
    }

    @Test
    void andListAndPipesAndRedirects() throws Exception {
        ShellScript s = ShellParser.parse("tar zxf etcd.tar.gz && cd etcd-v3.0.12-linux-amd64");
        assertThat(s.jobs().get(0).operators()).containsExactly("&&");
        assertThat(Programs.calls(s)).extracting(Programs.Call::program).containsExactly("tar", "cd");

        s = ShellParser.parse("./etcdctl get /coreos.com/network/config | jq .");
        assertThat(s.jobs().get(0).pipelines().get(0).commands()).hasSize(2);

        s = ShellParser.parse("./etcdctl set /coreos.com/network/config < flannel-network-config.json");
        assertThat(s.simpleCommands().get(0).redirects().get(0).operator()).isEqualTo("<");
        assertThat(s.simpleCommands().get(0).redirects().get(0).target().literal()).isEqualTo("flannel-network-config.json");

        s = ShellParser.parse("docker ps 2>&1 > out.txt");
        assertThat(s.simpleCommands().get(0).redirects()).extracting(ShellScript.Redirect::operator)
                .containsExactly(">&", ">");
    }

    @Test
    void quotedArgumentsStayOneWord() throws Exception {
        ShellScript s = ShellParser.parse("sudo docker run -d --name test1 --net demo busybox sh -c \"while true; do sleep 3600; done\"");
        List<String> w = words(s.simpleCommands().get(0), Map.of());
        assertThat(w).endsWith("sh", "-c", "while true; do sleep 3600; done");
        assertThat(Programs.calls(s)).extracting(Programs.Call::program).containsExactly("docker");

        s = ShellParser.parse("sudo docker inspect --format '{{ .NetworkSettings.IPAddress }}' container1");
        assertThat(words(s.simpleCommands().get(0), Map.of())).contains("{{ .NetworkSettings.IPAddress }}");
    }

    @Test
    void variablesExpandFromTheHostEnvironment() throws Exception {
        ShellScript s = ShellParser.parse("sudo docker daemon --bip=${FLANNEL_SUBNET} --mtu=${FLANNEL_MTU} &");
        Map<String, String> env = Map.of("FLANNEL_SUBNET", "10.15.64.1/20", "FLANNEL_MTU", "1450");
        assertThat(words(s.simpleCommands().get(0), env)).containsExactly("sudo", "docker", "daemon",
                "--bip=10.15.64.1/20", "--mtu=1450");
        assertThat(s.jobs().get(0).background()).isTrue();

        s = ShellParser.parse("ETCDCTL_API=3 etcdctl get --prefix /coreos.com");
        assertThat(s.simpleCommands().get(0).assignments()).extracting(ShellScript.Assignment::name)
                .containsExactly("ETCDCTL_API");
        assertThat(Programs.calls(s)).extracting(Programs.Call::program).containsExactly("etcdctl");

        s = ShellParser.parse("echo $HOME '$HOME' \"$HOME/x\"");
        assertThat(words(s.simpleCommands().get(0), Map.of("HOME", "/root")))
                .containsExactly("echo", "/root", "$HOME", "/root/x");
    }

    @Test
    void unquotedEmptyExpansionVanishes() throws Exception {
        ShellScript s = ShellParser.parse("ifconfig docker0 ${FLANNEL_SUBNET}");
        assertThat(words(s.simpleCommands().get(0), Map.of())).containsExactly("ifconfig", "docker0");
    }

    @Test
    void hereDocumentBodyIsKept() throws Exception {
        String line = "cat > flannel-network-config.json <<EOF\n{\n    \"Network\": \"10.0.0.0/8\"\n}\nEOF";
        ShellScript s = ShellParser.parse(line);
        ShellScript.Redirect[] r = s.simpleCommands().get(0).redirects().toArray(ShellScript.Redirect[]::new);
        assertThat(r[0].operator()).isEqualTo(">");
        assertThat(r[1].operator()).isEqualTo("<<");
        assertThat(r[1].heredoc()).isEqualTo("{\n    \"Network\": \"10.0.0.0/8\"\n}\n");
        assertThat(r[1].heredocExpands()).isTrue();
    }

    @Test
    void errorsPointAtTheirOffset() {
        assertThatThrownBy(() -> ShellParser.parse("echo \"open"))
                .isInstanceOf(ShellSyntaxException.class)
                .hasMessageContaining("unterminated double quote")
                .satisfies(e -> assertThat(((ShellSyntaxException) e).offset()).isEqualTo(5));
        assertThatThrownBy(() -> ShellParser.parse("ls && | wc"))
                .isInstanceOf(ShellSyntaxException.class);
        assertThatThrownBy(() -> ShellParser.parse("cat <<EOF\nno end"))
                .hasMessageContaining("EOF");
    }

    @Test
    void sudoOptionsAndEnvAreSkippedToFindTheProgram() throws Exception {
        assertThat(Programs.calls(ShellParser.parse("sudo -E env A=1 nohup ./flanneld -iface=192.168.205.10 &")))
                .extracting(Programs.Call::program).containsExactly("flanneld");
    }
}
