/* `decode FILE`: tcpdump's text for a file, a FIFO and stdin; one clear line for bad input. */
package org.overlaylab.packets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.overlaylab.packets.build.Frames;

class DecodeCommandTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String path) {
        return new DecodeCommand(ZoneId.of("UTC"), false).run(path, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private Path vxlanCapture() throws Exception {
        Path file = dir.resolve("vx.pcap");
        Tools.writePcap(file, List.of(
                PcapRecord.of(Corpus.T0, Frames.vxlan(Corpus.underlay(), 40000, 4789, 256, Corpus.ping(1), false)),
                PcapRecord.of(Corpus.T0 + 1000, Frames.gre(Corpus.underlay(), 0x6558, Corpus.pong(1)))));
        return file;
    }

    @Test
    void printsWhatTcpdumpPrints() throws Exception {
        Path file = vxlanCapture();
        assertThat(run(file.toString())).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(
                "22:13:20.123456 IP 192.168.205.10.40000 > 192.168.205.11.4789: VXLAN, flags [I] (0x08), vni 256\n"
                + "IP 10.0.0.2 > 10.0.0.3: ICMP echo request, id 23, seq 1, length 64\n"
                + "22:13:20.124456 IP 192.168.205.10 > 192.168.205.11: GREv0, length 102: "
                + "IP 10.0.0.3 > 10.0.0.2: ICMP echo reply, id 23, seq 1, length 64\n");
        if (Tools.available("tcpdump")) {
            assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(Tools.tcpdump(file, "UTC"));
        }
        assertThat(err.size()).isZero();
    }

    @Test
    void readsAFifoAsTheWriterFillsIt() throws Exception {
        assumeTrue(Tools.available("mkfifo") || Files.isExecutable(Path.of("/usr/bin/mkfifo")));
        Path fifo = dir.resolve("live.fifo");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
        byte[] bytes = Files.readAllBytes(vxlanCapture());
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            try (var o = Files.newOutputStream(fifo)) {
                o.write(bytes, 0, 100);
                o.flush();
                Thread.sleep(100);
                o.write(bytes, 100, bytes.length - 100);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(run(fifo.toString())).as(err.toString(StandardCharsets.UTF_8)).isZero();
        writer.get(10, TimeUnit.SECONDS);
        assertThat(out.toString(StandardCharsets.UTF_8).lines()).hasSize(3);
    }

    @Test
    void readsStandardInputForDash() throws Exception {
        byte[] bytes = Files.readAllBytes(vxlanCapture());
        InputStream saved = System.in;
        try {
            System.setIn(new ByteArrayInputStream(bytes));
            assertThat(run("-")).isZero();
        } finally {
            System.setIn(saved);
        }
        assertThat(out.toString(StandardCharsets.UTF_8).lines()).hasSize(3);
    }

    @Test
    void badInputGivesOneClearLine() throws Exception {
        Path text = dir.resolve("notes.txt");
        Files.writeString(text, "this is not a capture at all");
        assertThat(run(text.toString())).isEqualTo(DecodeCommand.BAD_INPUT);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo(
                "decode: " + text + ": not a pcap or pcapng file (bad magic number 0x74686973)\n");
        assertThat(out.size()).isZero();
    }

    @Test
    void truncatedFilePrintsTheFramesBeforeTheCut() throws Exception {
        byte[] bytes = Files.readAllBytes(vxlanCapture());
        Path cut = dir.resolve("cut.pcap");
        Files.write(cut, Arrays.copyOf(bytes, bytes.length - 10));
        assertThat(run(cut.toString())).isEqualTo(DecodeCommand.BAD_INPUT);
        assertThat(out.toString(StandardCharsets.UTF_8).lines()).hasSize(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo(
                "decode: " + cut + ": truncated pcap file: record 2 at byte 188 needs 136 bytes, only 126 left\n");
    }

    @Test
    void missingFileAndEmptyFile() throws Exception {
        assertThat(run(dir.resolve("nope.pcap").toString())).isEqualTo(DecodeCommand.BAD_INPUT);
        assertThat(err.toString(StandardCharsets.UTF_8)).endsWith("nope.pcap: no such file\n");
        err.reset();
        Path empty = Files.createFile(dir.resolve("empty.pcap"));
        assertThat(run(empty.toString())).isEqualTo(DecodeCommand.BAD_INPUT);
        assertThat(err.toString(StandardCharsets.UTF_8)).endsWith("empty.pcap: empty input, not a pcap file\n");
        assertThat(err.toString(StandardCharsets.UTF_8).lines()).hasSize(1);
    }
}
