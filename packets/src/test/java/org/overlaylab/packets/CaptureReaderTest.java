/*
 * pcapng as tcpdump reads it, and more: the writer's files read back (interface names, comments,
 * nanosecond stamps), files other tools write (big-endian, binary and coarse timestamp resolutions,
 * simple and obsolete packet blocks, skipped blocks, a second section in the other byte order with
 * interfaces of another link type), the decode command printing them, and one clear message with
 * the byte offset for each kind of damage.
 */
package org.overlaylab.packets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.overlaylab.packets.build.Frames;

class CaptureReaderTest {
    @TempDir
    Path dir;

    private static final byte[] ARP = Frames.arpRequest(Corpus.NODE1_MAC, Corpus.NODE1, Corpus.NODE2);
    /** The IPv4 packet of a ping, without its Ethernet header: what a raw-IP interface captures. */
    private static final byte[] RAW_PING = Arrays.copyOfRange(Corpus.ping(1), 14, Corpus.ping(1).length);

    private static CaptureReader read(byte[] file) throws IOException {
        return CaptureReader.open(new ByteArrayInputStream(file));
    }

    @Test
    void writerFilesReadBackWithInterfacesCommentsAndNanoseconds() throws IOException {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        try (PcapngWriter w = new PcapngWriter(file, "OverlayLab")) {
            int enp = w.addInterface(CaptureReader.LINKTYPE_ETHERNET, "node1 enp0s8", 0);
            int eth = w.addInterface(CaptureReader.LINKTYPE_ETHERNET, "node1 [test1] eth0", 0);
            w.write(enp, 1_700_000_000_123_456_789L, ARP, 0, ARP.length, ARP.length, "step 3/40: Create the network",
                    PcapngWriter.Direction.OUTBOUND);
            w.write(eth, 1_700_000_001_000_000_999L, ARP, 0, ARP.length, 60, null, PcapngWriter.Direction.UNKNOWN);
        }
        try (CaptureReader r = read(file.toByteArray())) {
            assertThat(r.format()).isEqualTo(CaptureReader.Format.PCAPNG);
            assertThat(r.advance()).isTrue();
            assertThat(r.recordInterface().name()).isEqualTo("node1 enp0s8");
            assertThat(r.comment()).isEqualTo("step 3/40: Create the network");
            assertThat(r.seconds()).isEqualTo(1_700_000_000L);
            assertThat(r.micros()).isEqualTo(123_456);
            assertThat(r.data()).isEqualTo(ARP);
            assertThat(r.advance()).isTrue();
            assertThat(r.interfaceIndex()).isEqualTo(1);
            assertThat(r.recordInterface().name()).isEqualTo("node1 [test1] eth0");
            assertThat(r.comment()).isNull();
            assertThat(r.originalLength()).isEqualTo(60);
            assertThat(r.micros()).isZero();
            assertThat(r.advance()).isFalse();
            assertThat(r.interfaces()).hasSize(2);
        }
    }

    @Test
    void otherToolsFilesBothByteOrdersResolutionsBlocksAndSections() throws IOException {
        byte[] file = new PcapngBytes()
                .section(true)
                .idb(1, 65535, "eth0", 0x80 | 10) // 2^-10 s
                .other(5, 24) // interface statistics: skipped
                .epb(0, (1_600_000_000L << 10) | 512, ARP, "half a second")
                .spb(ARP)
                .idb(101, 0, "tun0", 3) // milliseconds
                .pb(1, 1_600_000_002_250L, RAW_PING)
                .section(false)
                .idb(113, 0, "any", -1)
                .epb(0, 1_600_000_003_000_007L, sll(ARP), null)
                .bytes();
        try (CaptureReader r = read(file)) {
            assertThat(r.advance()).isTrue();
            assertThat(r.recordLinkType()).isEqualTo(1);
            assertThat(r.seconds()).isEqualTo(1_600_000_000L);
            assertThat(r.micros()).isEqualTo(500_000);
            assertThat(r.comment()).isEqualTo("half a second");
            assertThat(r.advance()).isTrue();
            // a simple packet block has no timestamp and belongs to the section's first interface
            assertThat(r.interfaceIndex()).isZero();
            assertThat(r.seconds()).isZero();
            assertThat(r.data()).isEqualTo(ARP);
            assertThat(r.advance()).isTrue();
            assertThat(r.recordLinkType()).isEqualTo(101);
            assertThat(r.recordInterface().name()).isEqualTo("tun0");
            assertThat(r.seconds()).isEqualTo(1_600_000_002L);
            assertThat(r.micros()).isEqualTo(250_000);
            assertThat(r.advance()).isTrue();
            assertThat(r.interfaceIndex()).as("numbered across sections").isEqualTo(2);
            assertThat(r.recordLinkType()).isEqualTo(113);
            assertThat(r.micros()).isEqualTo(7);
            assertThat(r.advance()).isFalse();
        }
        Path f = dir.resolve("mixed.ng");
        Files.write(f, file);
        String out = decode(f);
        assertThat(out).isEqualTo("""
                12:26:40.500000 ARP, Request who-has 192.168.205.11 tell 192.168.205.10, length 28
                00:00:00.000000 ARP, Request who-has 192.168.205.11 tell 192.168.205.10, length 28
                12:26:42.250000 IP 10.0.0.2 > 10.0.0.3: ICMP echo request, id 23, seq 1, length 64
                12:26:43.000007 ARP, Request who-has 192.168.205.11 tell 192.168.205.10, length 28
                """);
    }

    /** A Linux cooked (v1) header for an outgoing Ethernet frame, then the frame's payload. */
    private static byte[] sll(byte[] ether) {
        byte[] f = new byte[16 + ether.length - 14];
        f[1] = 4; // outgoing
        f[3] = 1; // ARPHRD_ETHER
        f[5] = 6;
        System.arraycopy(ether, 6, f, 6, 6);
        f[14] = ether[12];
        f[15] = ether[13];
        System.arraycopy(ether, 14, f, 16, ether.length - 14);
        return f;
    }

    private String decode(Path f) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = new DecodeCommand(ZoneOffset.UTC, false).run(f, new PrintStream(out, true),
                new PrintStream(err, true));
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(status).isZero();
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void damageIsOneMessageWithTheByteOffset() {
        byte[] good = new PcapngBytes().section(false).idb(1, 0, null, -1).epb(0, 1, ARP, null).bytes();
        int epbAt = 28 + 24; // after the section header and the interface description
        byte[] cut = Arrays.copyOf(good, good.length - 6);
        assertThatThrownBy(() -> drain(cut)).isInstanceOf(PcapFormatException.class)
                .hasMessage("truncated pcapng file: block at byte " + epbAt + " needs " + (good.length - epbAt)
                        + " bytes, only " + (cut.length - epbAt) + " left");
        byte[] trailer = good.clone();
        trailer[trailer.length - 4] ^= 4;
        assertThatThrownBy(() -> drain(trailer)).hasMessageContaining("pcapng block at byte " + epbAt
                + ": total length " + (good.length - epbAt) + " in the header but ");
        byte[] odd = good.clone();
        odd[epbAt + 4] = 13;
        assertThatThrownBy(() -> drain(odd)).hasMessage("pcapng block at byte " + epbAt
                + " has a length of 13 that is not a multiple of 4");
        byte[] stranger = new PcapngBytes().section(false).idb(1, 0, null, -1).epb(3, 1, ARP, null).bytes();
        assertThatThrownBy(() -> drain(stranger)).hasMessage("pcapng enhanced packet block at byte " + epbAt
                + ": interface 3 has no interface description block");
        byte[] early = new PcapngBytes().section(false).epb(0, 1, ARP, null).bytes();
        assertThatThrownBy(() -> drain(early)).hasMessage("pcapng block at byte 28: a packet block before any "
                + "interface description block");
        byte[] badMagic = good.clone();
        badMagic[8] = 0x55;
        assertThatThrownBy(() -> drain(badMagic)).hasMessageStartingWith("pcapng section header at byte 0 has a bad "
                + "byte-order magic");
    }

    private static void drain(byte[] file) throws IOException {
        try (CaptureReader r = read(file)) {
            while (r.advance()) {
                r.data();
            }
        }
    }

    @Test
    void decodeNamesTheOffsetOfTheDamage() throws IOException {
        byte[] good = new PcapngBytes().section(false).idb(1, 0, null, -1).epb(0, 1, ARP, null)
                .epb(0, 2, ARP, null).bytes();
        Path f = dir.resolve("cut.pcapng");
        Files.write(f, Arrays.copyOf(good, good.length - 3));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = new DecodeCommand(ZoneOffset.UTC, false).run(f, new PrintStream(out, true),
                new PrintStream(err, true));
        assertThat(status).isEqualTo(DecodeCommand.BAD_INPUT);
        assertThat(out.toString(StandardCharsets.UTF_8).lines()).hasSize(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("decode: " + f
                + ": truncated pcapng file: block at byte 128 needs 76 bytes, only 73 left\n");
    }

    @Test
    void classicPcapKeepsDamagedTimestampsRawAndCutsToTheSnapshotLength() throws IOException {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        try (PcapWriter w = new PcapWriter(file)) {
            w.write(1_600_000_000L, 999_999, ARP, 0, ARP.length, ARP.length);
            w.write(1_600_000_000L, 1_000_000, ARP, 0, ARP.length, ARP.length);
        }
        byte[] b = file.toByteArray();
        b[16] = 20; // the file header now says 20 bytes were kept, but the records hold 42: libpcap keeps 20
        b[17] = 0;
        b[18] = 0;
        try (CaptureReader r = read(b)) {
            assertThat(r.advance()).isTrue();
            assertThat(r.capturedLength()).isEqualTo(20);
            assertThat(r.micros()).isEqualTo(999_999);
            assertThat(r.advance()).isTrue();
            assertThat(r.micros()).as("kept raw, as tcpdump prints it").isEqualTo(1_000_000);
            assertThat(r.data()).isEqualTo(Arrays.copyOf(ARP, 20));
            assertThat(r.advance()).isFalse();
        }
    }
}
