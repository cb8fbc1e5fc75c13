/* The shared mappings' logic that needs no host: dockerd flags, image names, shell text written back for bash. */
package org.overlaylab.hosts.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.overlaylab.model.shell.ShellParser;
import org.overlaylab.model.shell.ShellScript;

class MappingLogicTest {

    @Test
    void dockerdGetsTlsOffOnlyWhenItListensOnTcp() {
        assertThat(HostDaemons.dockerdArguments(List.of("-H", "tcp://0.0.0.0:2375", "-H", "unix:///var/run/docker.sock")))
                .endsWith("--tls=false");
        assertThat(HostDaemons.dockerdArguments(List.of("--bip=10.15.64.1/20", "--mtu=1450"))).doesNotContain("--tls=false");
    }

    @Test
    void imageNamesComeFromTheLabsDockerRunCommands() throws Exception {
        ShellScript s = ShellParser.parse("sudo docker run -d --name c1 --net demo centos:7 bash -c \"sleep 1\"");
        assertThat(ImageNames.imageOf(s.simpleCommands().get(0))).isEqualTo("centos:7");
    }

    @Test
    void aPipelineIsWrittenBackWithItsHereDocument() throws Exception {
        ShellScript s = ShellParser.parse("cat > f.json <<EOF\n{\"a\": \"$X\"}\nEOF");
        String text = ShellText.pipeline(s.jobs().get(0).pipelines().get(0), ShellText::words);
        assertThat(text).startsWith("cat >f.json <<OVERLAYLAB_EOF_0\n{\"a\": \"$X\"}\nOVERLAYLAB_EOF_0\n");
    }
}
