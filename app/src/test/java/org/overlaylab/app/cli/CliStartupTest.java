/*
 * `overlay-lab labs` and `decode` start light: run in a child JVM as a user runs them, they load no
 * JavaFX or desktop class, no other command's classes, no picocli when nothing else is on the line
 * (and answer as through picocli), and `labs` reads no lab file (the catalogue the build writes
 * names them). decode of a whole file, written in blocks, prints exactly what decoding line by line
 * prints, and ends quietly, status 0, when the reader of its output goes away.
 */
package org.overlaylab.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.overlaylab.packets.DecodeCommand;
import picocli.CommandLine.Command;

class CliStartupTest {
    @TempDir
    Path dir;

    record Child(int status, String out, String err, List<String> classes) {}

    /** Runs the command line in a fresh JVM with class loading logged to a file. */
    private Child child(String... args) throws Exception {
        Path log = dir.resolve("classes-" + System.nanoTime() + ".log");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xlog:class+load=info:file=" + log, "-cp", System.getProperty("java.class.path"),
                "org.overlaylab.app.Launcher"));
        cmd.addAll(List.of(args));
        Path out = dir.resolve("out-" + System.nanoTime());
        Path err = dir.resolve("err-" + System.nanoTime());
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("finished").isTrue();
        List<String> classes = Files.readAllLines(log).stream().map(l -> l.replaceAll("^\\[[^]]*\\]\\[[^]]*\\]\\[[^]]*\\] *", ""))
                .map(l -> l.split(" ", 2)[0]).toList();
        return new Child(p.exitValue(), Files.readString(out), Files.readString(err), classes);
    }

    private static void loadsNothingOfTheDesktop(Child c) {
        assertThat(c.classes()).as("classes loaded").hasSizeGreaterThan(100)
                .noneMatch(n -> n.startsWith("javafx.") || n.startsWith("com.sun.javafx.") || n.startsWith("com.sun.glass.")
                        || n.startsWith("com.sun.prism.") || n.startsWith("org.controlsfx.") || n.startsWith("org.overlaylab.app.ui."));
    }

    private static void loadsNoOtherCommand(Child c, String command) {
        List<String> others = Stream.of("LabsCommand", "RunCommand", "DecodeCommandLine", "DiffCommand", "BenchCommand",
                "ShellCommand", "GradeCommand", "CompareCommand").filter(n -> !n.equals(command)).map(n -> "org.overlaylab.app.cli." + n).toList();
        assertThat(c.classes()).contains("org.overlaylab.app.cli." + command).doesNotContainAnyElementsOf(others);
    }

    @Test
    void eachCommandIsFoundByTheNameItsUsageShows() {
        for (Class<?> command : OverlayLabCommand.commands()) {
            assertThat(OverlayLabCommand.commandNamed(command.getAnnotation(Command.class).name())).isEqualTo(command);
        }
        assertThat(OverlayLabCommand.commandNamed("--help")).isNull();
        assertThat(OverlayLabCommand.commandNamed("lbas")).isNull();
    }

    @Test
    void labsLoadsNoDesktopClassAndReadsNoLabFile() throws Exception {
        assertThat(getClass().getClassLoader().getResource("labs/catalog")).as("the build wrote the lab catalogue").isNotNull();
        Child labs = child("labs");
        assertThat(labs.status()).as(labs.err()).isZero();
        assertThat(labs.out()).startsWith("ID ").contains("docker-overlay-etcd              19     Docker overlay network"
                + " with a two-host etcd cluster", "calico-bgp");
        assertThat(labs.out()).isEqualTo(CommandLineTest.run("labs").out());
        loadsNothingOfTheDesktop(labs);
        loadsNoOtherCommand(labs, "LabsCommand");
        assertThat(labs.classes()).as("no picocli").noneMatch(n -> n.startsWith("picocli."));
        assertThat(labs.classes()).as("no lab file parsed").noneMatch(n -> n.startsWith("org.snakeyaml.")
                || n.equals("org.overlaylab.labfile.LabParser"));
    }

    private Path somePcaps() {
        Path pcaps = dir.resolve("pcaps");
        var run = CommandLineTest.run("run", "flannel-vxlan", "--pcap", pcaps.toString());
        assertThat(run.status()).as(run.err()).isZero();
        return pcaps;
    }

    @Test
    void decodeLoadsNoDesktopClassAndPrintsWhatDecodingLineByLinePrints() throws Exception {
        Path pcaps = somePcaps();
        List<Path> files;
        try (Stream<Path> s = Files.list(pcaps)) {
            files = s.sorted().toList();
        }
        Path vxlan = files.stream().filter(f -> f.getFileName().toString().startsWith("node1-")
                && f.getFileName().toString().contains("enp0s8")).findFirst().orElse(files.get(0));
        Child decode = child("decode", vxlan.toString());
        assertThat(decode.status()).as(decode.err()).isZero();
        assertThat(decode.err()).isEmpty();
        ByteArrayOutputStream lineByLine = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(lineByLine, true, StandardCharsets.UTF_8);
        assertThat(new DecodeCommand().run(vxlan.toString(), ps, ps)).isZero();
        assertThat(decode.out()).isNotEmpty().isEqualTo(lineByLine.toString(StandardCharsets.UTF_8));
        assertThat(decode.out()).as("flannel's VXLAN port").contains(".8472: ");
        loadsNothingOfTheDesktop(decode);
        loadsNoOtherCommand(decode, "DecodeCommandLine");
        assertThat(decode.classes()).as("no picocli").noneMatch(n -> n.startsWith("picocli."));

        Child parsed = child("decode", "--", vxlan.toString());
        assertThat(parsed.classes()).as("through picocli").anyMatch(n -> n.startsWith("picocli."));
        assertThat(parsed.out()).isEqualTo(decode.out());
        assertThat(parsed.status()).isZero();
        Child missing = child("decode", dir.resolve("missing.pcap").toString());
        Child missingParsed = child("decode", "--", dir.resolve("missing.pcap").toString());
        assertThat(missing.err()).isEqualTo(missingParsed.err()).isEqualTo("decode: " + dir.resolve("missing.pcap") + ": no such file\n");
        assertThat(missing.status()).isEqualTo(missingParsed.status()).isEqualTo(2);
    }

    @Test
    void labsWithoutPicocliPrintsWhatPicocliRunsPrint() {
        StringWriter direct = new StringWriter();
        StringWriter parsed = new StringWriter();
        StringWriter err = new StringWriter();
        assertThat(OverlayLabCommand.execute(new PrintWriter(direct), new PrintWriter(err), "labs")).isZero();
        assertThat(OverlayLabCommand.parsed(new PrintWriter(parsed), new PrintWriter(err), "labs")).isZero();
        assertThat(direct.toString()).isNotEmpty().isEqualTo(parsed.toString());
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void decodeEndsQuietlyWhenItsReaderGoesAway() throws Exception {
        Path pcaps = somePcaps();
        // one capture several times over, so the output is many blocks long
        Path big = dir.resolve("big.pcap");
        List<Path> files;
        try (Stream<Path> s = Files.list(pcaps)) {
            files = s.sorted().toList();
        }
        byte[] one = Files.readAllBytes(files.stream().max((a, b) -> Long.compare(a.toFile().length(), b.toFile().length())).orElseThrow());
        try (var o = Files.newOutputStream(big)) {
            o.write(one);
            for (int i = 0; i < 400; i++) {
                o.write(one, 24, one.length - 24);
            }
        }
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), "org.overlaylab.app.Launcher", "decode", big.toString())
                .redirectError(dir.resolve("big.err").toFile()).start();
        try (InputStream out = p.getInputStream()) {
            byte[] first = out.readNBytes(100);
            assertThat(new String(first, StandardCharsets.US_ASCII)).matches("(?s)\\d\\d:\\d\\d:\\d\\d\\.\\d{6} .*");
        }
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("decode ended after its reader went away").isTrue();
        assertThat(p.exitValue()).isZero();
        assertThat(Files.readString(dir.resolve("big.err"))).isEmpty();
    }
}
