/*
 * `overlay-lab handout`: for each built-in lab with a task, the page written parses as XML (XHTML),
 * holds one SVG drawing per step and every step's title, shows the commands the steps run with their
 * output and tcpdump lines of key frames, keeps print styles, and never shows a task's solution:
 * no solution command line appears anywhere (other than one a step itself runs and shows) nor its hints.
 * The PDF beside it is read back in HandoutPdfTest; --no-pdf leaves it out.
 */
package org.overlaylab.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.overlaylab.labfile.LabLoader;
import org.overlaylab.model.lab.CommandSpec;
import org.overlaylab.model.lab.Lab;
import org.overlaylab.model.lab.Step;
import org.w3c.dom.Document;

class HandoutCommandTest {
    @TempDir
    Path dir;

    private static Document parse(Path page) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", false);
        return f.newDocumentBuilder().parse(page.toFile());
    }

    @ParameterizedTest
    @ValueSource(strings = {"docker-overlay-etcd", "flannel-vxlan", "troubleshoot-etcd-member-down"})
    void writesAWellFormedPageWithADrawingPerStepAndNoSolutions(String labId) throws Exception {
        Path out = dir.resolve(labId);
        CommandLineTest.Outcome o = CommandLineTest.run("handout", labId, "-o", out.toString());
        assertThat(o.status()).as(o.err()).isZero();
        Lab lab = LabLoader.resolve(labId);
        assertThat(o.out()).startsWith("wrote " + out.resolve("index.html") + " and " + out.resolve("handout.pdf") + ": "
                + lab.steps().size() + " steps");
        assertThat(Files.readAllBytes(out.resolve("handout.pdf"))).startsWith("%PDF-".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        Path page = out.resolve("index.html");
        Document doc = parse(page);
        assertThat(doc.getDocumentElement().getNamespaceURI()).isEqualTo("http://www.w3.org/1999/xhtml");
        assertThat(doc.getElementsByTagNameNS("http://www.w3.org/2000/svg", "svg").getLength()).isEqualTo(lab.steps().size());
        assertThat(doc.getElementsByTagNameNS("http://www.w3.org/1999/xhtml", "section").getLength()).isEqualTo(lab.steps().size());
        String html = Files.readString(page);
        assertThat(html).contains("@media print", "break-before: page").doesNotContain("<script", "src=\"http", "href=\"http", "<link");
        String text = doc.getDocumentElement().getTextContent();

        Set<String> shownLines = new HashSet<>();
        int tasks = 0;
        for (Step s : lab.steps()) {
            assertThat(text).contains(s.title());
            if (!s.isTask()) {
                s.commands().forEach(c -> shownLines.add(c.line().strip()));
            }
        }
        for (Step s : lab.steps()) {
            if (!s.isTask()) {
                continue;
            }
            tasks++;
            assertThat(text).contains(s.task().text().strip().split("\n")[0].replace("`", ""));
            List<CommandSpec> secret = new java.util.ArrayList<>(s.task().solution());
            secret.addAll(s.task().scenario());
            for (CommandSpec c : secret) {
                String line = c.line().strip();
                if (!shownLines.contains(line)) {
                    assertThat(text).as("solution line of task '" + s.title() + "'").doesNotContain(line);
                }
            }
            for (String hint : s.task().hints()) {
                assertThat(text).as("hint of task '" + s.title() + "'").doesNotContain(hint.strip());
            }
        }
        assertThat(tasks).as("the lab has a task").isPositive();
    }

    @Test
    void showsCommandsWithOutputAndKeyFramesAsTcpdumpPrintsThem() throws Exception {
        Path out = dir.resolve("docker");
        CommandLineTest.Outcome o = CommandLineTest.run("handout", "docker-overlay-etcd", "--until", "3", "-o", out.toString());
        assertThat(o.status()).as(o.err()).isZero();
        String html = Files.readString(out.resolve("index.html"));
        assertThat(parse(out.resolve("index.html")).getElementsByTagNameNS("http://www.w3.org/2000/svg", "svg").getLength()).isEqualTo(3);
        assertThat(html).contains("<b>node1$ wget https://github.com/coreos/etcd/releases/download/v3.0.12/etcd-v3.0.12-linux-amd64.tar.gz</b>",
                "etcd-v3.0.12-linux-amd64.tar.gz&#8217; saved".replace("&#8217;", "\u2019"), "192.168.205.10/24");

        Path whole = dir.resolve("whole");
        assertThat(CommandLineTest.run("handout", "docker-overlay-etcd", "-o", whole.toString()).status()).isZero();
        String all = Files.readString(whole.resolve("index.html"));
        assertThat(all).contains("Key frames", "class=\"headers\"", "<b>VXLAN</b>", "outlined in orange").containsPattern(
                "<pre class=\"tcpdump\">\\d\\d:\\d\\d:\\d\\d\\.\\d{6} IP 192\\.168\\.205\\.1[01]\\.\\d+ &gt; 192\\.168\\.205\\.1[01]\\.4789: VXLAN");
    }

    @Test
    void noPdfWritesThePageAlone() throws Exception {
        Path out = dir.resolve("page-only");
        CommandLineTest.Outcome o = CommandLineTest.run("handout", "ovs-gre", "--until", "2", "--no-pdf", "-o", out.toString());
        assertThat(o.status()).as(o.err()).isZero();
        assertThat(o.out().strip()).isEqualTo("wrote " + out.resolve("index.html") + ": 2 steps");
        try (var files = Files.list(out)) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactly("index.html");
        }
    }

    @Test
    void refusesAMissingOutputAndAnOutputThatIsAFile() throws Exception {
        CommandLineTest.Outcome none = CommandLineTest.run("handout", "docker-overlay-etcd");
        assertThat(none.status()).isEqualTo(2);
        assertThat(none.err()).contains("Missing required option: '--output=DIR'");
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        CommandLineTest.Outcome onFile = CommandLineTest.run("handout", "docker-overlay-etcd", "-o", file.toString());
        assertThat(onFile.status()).isEqualTo(2);
        assertThat(onFile.err().strip()).isEqualTo("overlay-lab: -o " + file + " is a file; give a folder (new or existing)");
    }
}
