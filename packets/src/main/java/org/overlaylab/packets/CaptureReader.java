/*
 * Reads a capture as tcpdump's libpcap 1.10 does, told apart by its magic number and never by its
 * name: classic pcap (microsecond or nanosecond stamps, either byte order) and pcapng (sections
 * with their own byte order, interfaces with their own link type, snapshot length and timestamp
 * resolution, enhanced, simple and obsolete packet blocks; other blocks are skipped). Record by
 * record from a file, a FIFO or stdin, so a capture still being written can be followed.
 * Timestamps are kept as libpcap hands them to tcpdump (seconds and a microsecond field that may
 * be out of range in a damaged file), because tcpdump prints them raw. A malformed file ends with
 * one PcapFormatException that names the byte offset of the bad header or block.
 */
package org.overlaylab.packets;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

public final class CaptureReader implements AutoCloseable {

    public enum Format { PCAP, PCAPNG }

    /** Link types (LINKTYPE_ values as files store them) that this module prints. */
    public static final int LINKTYPE_NULL = 0;
    public static final int LINKTYPE_ETHERNET = 1;
    /** DLT_RAW as Linux numbers it; libpcap reads a file that stores 12 as raw IP too. */
    public static final int LINKTYPE_RAW_DLT = 12;
    public static final int LINKTYPE_RAW = 101;
    public static final int LINKTYPE_LOOP = 108;
    public static final int LINKTYPE_LINUX_SLL = 113;
    public static final int LINKTYPE_IPV4 = 228;
    public static final int LINKTYPE_IPV6 = 229;
    public static final int LINKTYPE_LINUX_SLL2 = 276;

    /** libpcap's MAXIMUM_SNAPLEN: the largest record it accepts for the link types read here. */
    static final int MAX_SNAPLEN = 262144;
    /** libpcap's first limit on a pcapng block (it grows it only for link types with huge snapshots). */
    private static final int MAX_BLOCK = 16 * 1024 * 1024;
    private static final int BLOCK_SHB = 0x0A0D0D0A;
    private static final int BLOCK_IDB = 1;
    private static final int BLOCK_PB = 2;
    private static final int BLOCK_SPB = 3;
    private static final int BLOCK_EPB = 6;
    private static final int BYTE_ORDER_MAGIC = 0x1A2B3C4D;
    private static final long MICRO = 1_000_000L;

    /** One interface of a pcapng section (a classic pcap file has exactly one). */
    public record Interface(int linkType, int snaplen, String name, String description, long tsResolution,
                            boolean binaryResolution, long tsOffset) {}

    private final InputStream in;
    private final Format format;
    private final byte[] small = new byte[28];
    private byte[] buffer = new byte[2048];
    private long position;
    private long recordNumber;
    private long recordOffset;

    // classic pcap
    private boolean swapped;
    private boolean nanoFile;
    private int lengthsSwapped; // 0 no, 1 maybe (version 2.3), 2 yes (before 2.3)
    private int pcapHeaderSize = 16;

    // pcapng: the current section's byte order and interfaces, and every interface seen so far
    private boolean littleEndian;
    private final List<Interface> sectionInterfaces = new ArrayList<>();
    private final List<Interface> allInterfaces = new ArrayList<>();
    private int sectionBase;
    /** Bytes of the last block read, between its 8-byte header and its 4-byte trailer. */
    private int bodyLength;

    // the current record
    private int dataOffset;
    private int caplen;
    private int length;
    private long seconds;
    private int micros;
    private int interfaceIndex;
    private Interface iface;
    private String comment;

    private CaptureReader(InputStream in) throws IOException {
        this.in = in;
        int got = readFully(small, 0, 4);
        if (got == 0) {
            throw new PcapFormatException("empty input, not a pcap file");
        }
        if (got < 4) {
            throw new PcapFormatException("not a pcap file (only " + got + " bytes)");
        }
        int big = be32(small, 0);
        int little = le32(small, 0);
        if (big == BLOCK_SHB) {
            format = Format.PCAPNG;
            readFirstSection();
        } else if (big == 0xa1b2c3d4 || big == 0xa1b23c4d || big == 0xa1b2cd34
                || little == 0xa1b2c3d4 || little == 0xa1b23c4d || little == 0xa1b2cd34) {
            format = Format.PCAP;
            swapped = big != 0xa1b2c3d4 && big != 0xa1b23c4d && big != 0xa1b2cd34;
            int magic = swapped ? little : big;
            nanoFile = magic == 0xa1b23c4d;
            if (magic == 0xa1b2cd34) {
                pcapHeaderSize = 24; // Alexey Kuznetzov's patched header: index, protocol and type follow
            }
            readPcapHeader();
        } else {
            throw new PcapFormatException(String.format("not a pcap or pcapng file (bad magic number 0x%08x)", big));
        }
    }

    /** Opens a capture file, a FIFO, or standard input for "-". */
    public static CaptureReader open(String pathOrDash) throws IOException {
        if ("-".equals(pathOrDash)) {
            return open(System.in);
        }
        return open(Path.of(pathOrDash));
    }

    public static CaptureReader open(Path path) throws IOException {
        if (!Files.exists(path)) {
            throw new NoSuchFileException(path.toString());
        }
        if (!Files.isReadable(path)) {
            throw new AccessDeniedException(path.toString());
        }
        if (Files.isDirectory(path)) {
            throw new PcapFormatException("is a directory, not a capture file");
        }
        // FileInputStream rather than Files.newInputStream: the NIO stream fails with "Illegal seek" on FIFOs
        InputStream raw = new FileInputStream(path.toFile());
        try {
            return new CaptureReader(new BufferedInputStream(raw, 1 << 16));
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    /** Reads from a stream that starts with a pcap or pcapng header; closing the reader closes it. */
    public static CaptureReader open(InputStream stream) throws IOException {
        return new CaptureReader(stream instanceof BufferedInputStream ? stream : new BufferedInputStream(stream, 1 << 16));
    }

    public Format format() {
        return format;
    }

    /** The link type of the file (pcap) or of its first interface (pcapng). */
    public int linkType() {
        return allInterfaces.get(0).linkType();
    }

    /** The snapshot length of the file or first interface, as libpcap adjusts it (0 means the maximum). */
    public int snaplen() {
        return allInterfaces.get(0).snaplen();
    }

    /** Every interface described so far, numbered across sections in the order they appeared. */
    public List<Interface> interfaces() {
        return Collections.unmodifiableList(allInterfaces);
    }

    /**
     * Advances to the next packet, reusing one buffer (see {@link #buffer()} and {@link #dataOffset()}).
     *
     * @return false at the clean end of the input
     * @throws PcapFormatException when the input ends inside a record or a header or block is corrupt
     */
    public boolean advance() throws IOException {
        return format == Format.PCAP ? nextPcapRecord() : nextPcapngPacket();
    }

    /** The current record's bytes are buffer()[dataOffset() .. dataOffset() + capturedLength()). */
    public byte[] buffer() {
        return buffer;
    }

    public int dataOffset() {
        return dataOffset;
    }

    /** A copy of the current record's captured bytes. */
    public byte[] data() {
        byte[] copy = new byte[caplen];
        System.arraycopy(buffer, dataOffset, copy, 0, caplen);
        return copy;
    }

    public int capturedLength() {
        return caplen;
    }

    /** Length on the wire, as the record says (may be smaller than captured in corrupt files). */
    public int originalLength() {
        return length;
    }

    /** Seconds since the epoch as libpcap gives them: signed 32 bits in pcap, 64 bits in pcapng. */
    public long seconds() {
        return seconds;
    }

    /** The microsecond field as libpcap gives it; outside 0..999999 only in damaged files. */
    public int micros() {
        return micros;
    }

    /** The link type of the interface the current record was captured on. */
    public int recordLinkType() {
        return iface.linkType();
    }

    /** Index of the current record's interface among {@link #interfaces()}. */
    public int interfaceIndex() {
        return interfaceIndex;
    }

    /** The current record's interface. */
    public Interface recordInterface() {
        return iface;
    }

    /** The current record's first comment (pcapng opt_comment), or null. */
    public String comment() {
        return comment;
    }

    /** 1-based number of the current packet. */
    public long recordNumber() {
        return recordNumber;
    }

    /** Byte offset in the input where the current record (pcap) or block (pcapng) starts. */
    public long recordOffset() {
        return recordOffset;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    // ------------------------------------------------------------------ classic pcap

    private void readPcapHeader() throws IOException {
        int got = readFully(small, 4, 20);
        if (got < 20) {
            throw new PcapFormatException("truncated pcap file header (" + (4 + got) + " of 24 bytes)");
        }
        int major = u16(small, 4, !swapped);
        int minor = u16(small, 6, !swapped);
        if (major < 2) {
            throw new PcapFormatException("archaic pcap file format (version " + major + "." + minor + ")");
        }
        if (major == 2 && minor < 3) {
            lengthsSwapped = 2;
        } else if (major == 2 && minor == 3) {
            lengthsSwapped = 1;
        }
        int snaplen = i32(small, 16, !swapped);
        int linkType = i32(small, 20, !swapped) & 0x03ffffff;
        Interface only = new Interface(linkType, adjustSnaplen(snaplen), null, null, nanoFile ? 1_000_000_000L : MICRO,
                false, 0);
        allInterfaces.add(only);
        iface = only;
    }

    private static int adjustSnaplen(int snaplen) {
        return snaplen <= 0 || snaplen > MAX_SNAPLEN ? MAX_SNAPLEN : snaplen;
    }

    private boolean nextPcapRecord() throws IOException {
        long start = position;
        int got = readFully(small, 0, pcapHeaderSize);
        if (got == 0) {
            return false;
        }
        recordNumber++;
        recordOffset = start;
        if (got < pcapHeaderSize) {
            throw new PcapFormatException("truncated pcap file: record " + recordNumber + " at byte " + start
                    + " has a header of " + got + " of " + pcapHeaderSize + " bytes");
        }
        boolean be = !swapped;
        long sec = i32(small, 0, be);
        int frac = i32(small, 4, be);
        int cap = i32(small, 8, be);
        int len = i32(small, 12, be);
        if (lengthsSwapped == 2 || (lengthsSwapped == 1 && Integer.compareUnsigned(cap, len) > 0)) {
            int t = cap;
            cap = len;
            len = t;
        }
        int snapshot = allInterfaces.get(0).snaplen();
        if (Integer.compareUnsigned(cap, MAX_SNAPLEN) > 0) {
            throw new PcapFormatException("corrupt pcap file: record " + recordNumber + " at byte " + start
                    + " claims " + Integer.toUnsignedString(cap) + " captured bytes, more than the maximum of "
                    + MAX_SNAPLEN);
        }
        int keep = Math.min(cap, snapshot);
        ensure(keep);
        int data = readFully(buffer, 0, keep);
        if (data < keep) {
            throw new PcapFormatException("truncated pcap file: record " + recordNumber + " at byte " + start
                    + " needs " + cap + " bytes, only " + data + " left");
        }
        if (cap > keep) {
            // libpcap keeps what the file's snapshot length allows and skips the rest
            long skipped = skipFully(cap - keep);
            if (skipped < cap - keep) {
                throw new PcapFormatException("truncated pcap file: record " + recordNumber + " at byte " + start
                        + " needs " + cap + " bytes, only " + (keep + skipped) + " left");
            }
        }
        dataOffset = 0;
        caplen = keep;
        length = len;
        seconds = sec;
        // a nanosecond file is read at microsecond precision: the signed field divided by 1000, as libpcap does
        micros = nanoFile ? frac / 1000 : frac;
        interfaceIndex = 0;
        comment = null;
        return true;
    }

    // ------------------------------------------------------------------ pcapng

    private void readFirstSection() throws IOException {
        int got = readFully(small, 4, 8);
        if (got < 8) {
            throw new PcapFormatException("truncated pcapng file: the section header block at byte 0 has "
                    + (4 + got) + " bytes");
        }
        readSectionHeader(0, true);
        // libpcap reads on to the first interface description before the first packet is asked for
        while (true) {
            long start = position;
            int type = readBlock();
            if (type == -1) {
                throw new PcapFormatException("the pcapng file has no interface description block");
            }
            if (type == BLOCK_IDB) {
                addInterface(start);
                return;
            }
            if (type == BLOCK_EPB || type == BLOCK_SPB || type == BLOCK_PB) {
                throw new PcapFormatException("pcapng block at byte " + start
                        + ": a packet block before any interface description block");
            }
        }
    }

    /** Reads an SHB whose type, length and byte-order magic sit in small[0..12). */
    private void readSectionHeader(long start, boolean first) throws IOException {
        int bom = be32(small, 8);
        if (bom == BYTE_ORDER_MAGIC) {
            littleEndian = false;
        } else if (Integer.reverseBytes(bom) == BYTE_ORDER_MAGIC) {
            littleEndian = true;
        } else {
            throw new PcapFormatException(String.format("pcapng section header at byte %d has a bad byte-order magic 0x%08x",
                    start, bom));
        }
        long total = i32(small, 4, !littleEndian) & 0xffffffffL;
        if (total < 28 || total % 4 != 0 || total > MAX_BLOCK) {
            throw new PcapFormatException("pcapng section header at byte " + start + " has an invalid length of " + total);
        }
        int rest = (int) total - 12;
        ensure(rest);
        int got = readFully(buffer, 0, rest);
        if (got < rest) {
            throw new PcapFormatException("truncated pcapng file: the section header block at byte " + start
                    + " needs " + total + " bytes, only " + (12 + got) + " left");
        }
        checkTrailer(start, (int) total, rest);
        int major = u16(buffer, 0, !littleEndian);
        int minor = u16(buffer, 2, !littleEndian);
        if (major != 1 || (first && minor != 0 && minor != 2)) {
            throw new PcapFormatException("pcapng section header at byte " + start + ": unsupported version "
                    + major + "." + minor);
        }
        sectionInterfaces.clear();
        sectionBase = allInterfaces.size();
    }

    /**
     * Reads one block into buffer: its body, without the 8-byte header, from buffer[0], bodyLength
     * bytes, then the trailer. A section header (whose type reads the same in both byte orders)
     * switches the byte order before its length is read. Returns the block type, or -1 at the
     * clean end of the input.
     */
    private int readBlock() throws IOException {
        long start = position;
        int got = readFully(small, 0, 8);
        if (got == 0) {
            return -1;
        }
        if (got < 8) {
            throw new PcapFormatException("truncated pcapng file: block at byte " + start + " has " + got
                    + " of 8 header bytes");
        }
        if (be32(small, 0) == BLOCK_SHB) {
            int more = readFully(small, 8, 4);
            if (more < 4) {
                throw new PcapFormatException("truncated pcapng file: section header block at byte " + start
                        + " has " + (8 + more) + " bytes");
            }
            readSectionHeader(start, false);
            return BLOCK_SHB;
        }
        int type = i32(small, 0, !littleEndian);
        long total = i32(small, 4, !littleEndian) & 0xffffffffL;
        if (total < 12) {
            throw new PcapFormatException("pcapng block at byte " + start + " has a length of " + total + " < 12");
        }
        if (total % 4 != 0) {
            throw new PcapFormatException("pcapng block at byte " + start + " has a length of " + total
                    + " that is not a multiple of 4");
        }
        if (total > MAX_BLOCK) {
            throw new PcapFormatException("pcapng block at byte " + start + " has a length of " + total
                    + ", more than the maximum of " + MAX_BLOCK);
        }
        int rest = (int) total - 8;
        ensure(rest);
        int data = readFully(buffer, 0, rest);
        if (data < rest) {
            throw new PcapFormatException("truncated pcapng file: block at byte " + start + " needs " + total
                    + " bytes, only " + (8 + data) + " left");
        }
        checkTrailer(start, (int) total, rest);
        bodyLength = rest - 4;
        return type;
    }

    private void checkTrailer(long start, int total, int rest) throws PcapFormatException {
        int trailer = i32(buffer, rest - 4, !littleEndian);
        if (trailer != total) {
            throw new PcapFormatException("pcapng block at byte " + start + ": total length " + total
                    + " in the header but " + Integer.toUnsignedString(trailer) + " in the trailer");
        }
    }

    private void addInterface(long start) throws PcapFormatException {
        if (bodyLength < 8) {
            throw new PcapFormatException("pcapng interface description block at byte " + start + " is too short");
        }
        boolean be = !littleEndian;
        int linkType = u16(buffer, 0, be);
        int snaplen = i32(buffer, 4, be);
        String name = null;
        String description = null;
        long resolution = MICRO;
        boolean binary = false;
        long offset = 0;
        boolean sawResolution = false;
        int p = 8;
        while (p + 4 <= bodyLength) {
            int code = u16(buffer, p, be);
            int olen = u16(buffer, p + 2, be);
            int value = p + 4;
            int padded = (olen + 3) & ~3;
            if (value + padded > bodyLength) {
                throw new PcapFormatException("pcapng interface description block at byte " + start
                        + ": option " + code + " runs past the block");
            }
            if (code == 0) {
                break;
            }
            switch (code) {
                case 2 -> name = new String(buffer, value, olen, StandardCharsets.UTF_8);
                case 3 -> description = new String(buffer, value, olen, StandardCharsets.UTF_8);
                case 9 -> {
                    if (olen != 1) {
                        throw new PcapFormatException("pcapng interface description block at byte " + start
                                + ": if_tsresol has length " + olen + ", not 1");
                    }
                    if (sawResolution) {
                        throw new PcapFormatException("pcapng interface description block at byte " + start
                                + " has more than one if_tsresol");
                    }
                    sawResolution = true;
                    int v = buffer[value] & 0xff;
                    if ((v & 0x80) != 0) {
                        if ((v & 0x7f) > 63) {
                            throw new PcapFormatException("pcapng interface description block at byte " + start
                                    + ": if_tsresol 2^-" + (v & 0x7f) + " is too fine");
                        }
                        binary = true;
                        resolution = 1L << (v & 0x7f);
                    } else {
                        if (v > 19) {
                            throw new PcapFormatException("pcapng interface description block at byte " + start
                                    + ": if_tsresol 10^-" + v + " is too fine");
                        }
                        resolution = 1;
                        for (int i = 0; i < v; i++) {
                            resolution *= 10;
                        }
                    }
                }
                case 14 -> {
                    if (olen != 8) {
                        throw new PcapFormatException("pcapng interface description block at byte " + start
                                + ": if_tsoffset has length " + olen + ", not 8");
                    }
                    offset = be ? be64(buffer, value) : Long.reverseBytes(be64(buffer, value));
                }
                default -> {
                }
            }
            p = value + padded;
        }
        Interface i = new Interface(linkType, adjustSnaplen(snaplen), name, description, resolution, binary, offset);
        sectionInterfaces.add(i);
        allInterfaces.add(i);
    }

    private boolean nextPcapngPacket() throws IOException {
        while (true) {
            long start = position;
            int type = readBlock();
            if (type == -1) {
                return false;
            }
            switch (type) {
                case BLOCK_IDB -> addInterface(start);
                case BLOCK_EPB -> {
                    packetBlock(start, true);
                    return true;
                }
                case BLOCK_PB -> {
                    packetBlock(start, false);
                    return true;
                }
                case BLOCK_SPB -> {
                    simplePacketBlock(start);
                    return true;
                }
                default -> {
                    // name resolution, statistics, decryption secrets, custom blocks: nothing tcpdump prints
                }
            }
        }
    }

    private void packetBlock(long start, boolean enhanced) throws PcapFormatException {
        recordNumber++;
        recordOffset = start;
        String what = enhanced ? "enhanced packet block" : "packet block";
        if (bodyLength < 20) {
            throw new PcapFormatException("pcapng " + what + " at byte " + start + " is too short");
        }
        boolean be = !littleEndian;
        int id = enhanced ? i32(buffer, 0, be) : u16(buffer, 0, be);
        long high = i32(buffer, 4, be) & 0xffffffffL;
        long low = i32(buffer, 8, be) & 0xffffffffL;
        int cap = i32(buffer, 12, be);
        int len = i32(buffer, 16, be);
        Interface in = interfaceOf(id, start, what);
        if (Integer.compareUnsigned(cap, bodyLength - 20) > 0) {
            throw new PcapFormatException("pcapng " + what + " at byte " + start + " claims "
                    + Integer.toUnsignedString(cap) + " captured bytes, the block holds " + (bodyLength - 20));
        }
        if (cap > in.snaplen()) {
            throw new PcapFormatException("pcapng " + what + " at byte " + start + ": captured length " + cap
                    + " is bigger than the interface's snapshot length of " + in.snaplen());
        }
        comment = null;
        int p = 20 + ((cap + 3) & ~3);
        while (p + 4 <= bodyLength) {
            int code = u16(buffer, p, be);
            int olen = u16(buffer, p + 2, be);
            if (code == 0 || p + 4 + olen > bodyLength) {
                break;
            }
            if (code == 1 && comment == null) {
                comment = new String(buffer, p + 4, olen, StandardCharsets.UTF_8);
            }
            p += 4 + ((olen + 3) & ~3);
        }
        dataOffset = 20;
        caplen = cap;
        length = len;
        timestamp(in, (high << 32) | low);
    }

    private void simplePacketBlock(long start) throws PcapFormatException {
        recordNumber++;
        recordOffset = start;
        if (bodyLength < 4) {
            throw new PcapFormatException("pcapng simple packet block at byte " + start + " is too short");
        }
        Interface in = interfaceOf(0, start, "simple packet block");
        int len = i32(buffer, 0, !littleEndian);
        int cap = Integer.compareUnsigned(len, in.snaplen()) > 0 ? in.snaplen() : len;
        if (cap > bodyLength - 4) {
            throw new PcapFormatException("pcapng simple packet block at byte " + start + " holds "
                    + (bodyLength - 4) + " bytes of a " + Integer.toUnsignedString(len) + "-byte packet");
        }
        dataOffset = 4;
        caplen = cap;
        length = len;
        comment = null;
        timestamp(in, 0);
    }

    private Interface interfaceOf(int id, long start, String what) throws PcapFormatException {
        if (id < 0 || id >= sectionInterfaces.size()) {
            throw new PcapFormatException("pcapng " + what + " at byte " + start + ": interface "
                    + Integer.toUnsignedString(id) + " has no interface description block");
        }
        interfaceIndex = sectionBase + id;
        iface = sectionInterfaces.get(id);
        return iface;
    }

    /** libpcap's conversion of a pcapng timestamp to seconds and microseconds, unsigned 64-bit arithmetic included. */
    private void timestamp(Interface in, long t) {
        long res = in.tsResolution();
        long sec = Long.divideUnsigned(t, res) + in.tsOffset();
        long frac = Long.remainderUnsigned(t, res);
        int cmp = Long.compareUnsigned(res, MICRO);
        if (cmp > 0) {
            frac = in.binaryResolution() ? Long.divideUnsigned(frac * MICRO, res)
                    : Long.divideUnsigned(frac, Long.divideUnsigned(res, MICRO));
        } else if (cmp < 0) {
            frac = in.binaryResolution() ? Long.divideUnsigned(frac * MICRO, res) : frac * (MICRO / res);
        }
        seconds = sec;
        micros = (int) frac;
    }

    // ------------------------------------------------------------------ bytes

    private void ensure(int size) {
        if (buffer.length < size) {
            buffer = new byte[Math.max(size, Math.min(buffer.length * 2, MAX_BLOCK))];
        }
    }

    private int readFully(byte[] b, int off, int len) throws IOException {
        int total = 0;
        while (total < len) {
            int n;
            try {
                n = in.read(b, off + total, len - total);
            } catch (EOFException e) {
                break;
            }
            if (n < 0) {
                break;
            }
            total += n;
        }
        position += total;
        return total;
    }

    private long skipFully(int count) throws IOException {
        byte[] sink = new byte[Math.min(count, 4096)];
        long done = 0;
        while (done < count) {
            int n = readFully(sink, 0, (int) Math.min(sink.length, count - done));
            if (n == 0) {
                break;
            }
            done += n;
        }
        return done;
    }

    private static int i32(byte[] b, int p, boolean bigEndian) {
        return bigEndian ? be32(b, p) : le32(b, p);
    }

    private static int u16(byte[] b, int p, boolean bigEndian) {
        return bigEndian ? ((b[p] & 0xff) << 8) | (b[p + 1] & 0xff) : (b[p] & 0xff) | ((b[p + 1] & 0xff) << 8);
    }

    private static int be32(byte[] b, int p) {
        return ((b[p] & 0xff) << 24) | ((b[p + 1] & 0xff) << 16) | ((b[p + 2] & 0xff) << 8) | (b[p + 3] & 0xff);
    }

    private static int le32(byte[] b, int p) {
        return (b[p] & 0xff) | ((b[p + 1] & 0xff) << 8) | ((b[p + 2] & 0xff) << 16) | ((b[p + 3] & 0xff) << 24);
    }

    private static long be64(byte[] b, int p) {
        return ((long) be32(b, p) << 32) | (be32(b, p + 4) & 0xffffffffL);
    }
}
