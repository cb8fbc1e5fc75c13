/*
 * Reads classic pcap (microsecond or nanosecond, either byte order) from a file, a FIFO or stdin
 * as a stream, record by record, so a capture can be decoded while it is still being written
 * (e.g. `tcpdump -U -w -`). Pure Java: no native libpcap needed. Nanosecond stamps are cut to
 * microseconds as libpcap does for tcpdump.
 */
package org.overlaylab.packets;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

public final class PcapReader implements AutoCloseable {
    public static final int LINKTYPE_ETHERNET = 1;
    /** Larger records than this are refused as corrupt (libpcap's own limit for Ethernet). */
    private static final int MAX_RECORD = 262144;

    private final InputStream in;
    private final boolean swapped;
    private final boolean nanos;
    private final int snaplen;
    private final int linkType;
    private final byte[] header = new byte[16];
    private byte[] buffer = new byte[2048];
    private long recordNumber;
    private long seconds;
    private int micros;
    private int caplen;
    private int length;

    private PcapReader(InputStream in) throws IOException {
        this.in = in;
        byte[] h = new byte[24];
        int got = readFully(h, 0, 24);
        if (got == 0) {
            throw new PcapFormatException("empty input, not a pcap file");
        }
        if (got < 4) {
            throw new PcapFormatException("not a pcap file (only " + got + " bytes)");
        }
        int magicBig = be32(h, 0);
        int magicLittle = le32(h, 0);
        if (magicBig == 0xa1b2c3d4 || magicBig == 0xa1b23c4d) {
            swapped = false;
            nanos = magicBig == 0xa1b23c4d;
        } else if (magicLittle == 0xa1b2c3d4 || magicLittle == 0xa1b23c4d) {
            swapped = true;
            nanos = magicLittle == 0xa1b23c4d;
        } else if (magicBig == 0x0a0d0d0a) {
            throw new PcapFormatException("pcapng files are not supported; convert with: editcap -F pcap IN OUT");
        } else {
            throw new PcapFormatException(String.format("not a pcap file (bad magic number 0x%08x)", magicBig));
        }
        if (got < 24) {
            throw new PcapFormatException("truncated pcap file header (" + got + " of 24 bytes)");
        }
        snaplen = i32(h, 16);
        linkType = i32(h, 20) & 0x0fffffff;
    }

    /** Opens a pcap file, a FIFO, or standard input for "-". */
    public static PcapReader open(String pathOrDash) throws IOException {
        if ("-".equals(pathOrDash)) {
            return open(System.in);
        }
        return open(Path.of(pathOrDash));
    }

    public static PcapReader open(Path path) throws IOException {
        if (!Files.exists(path)) {
            throw new NoSuchFileException(path.toString());
        }
        if (!Files.isReadable(path)) {
            throw new AccessDeniedException(path.toString());
        }
        if (Files.isDirectory(path)) {
            throw new PcapFormatException("is a directory, not a pcap file");
        }
        // FileInputStream rather than Files.newInputStream: the NIO stream fails with "Illegal seek" on FIFOs
        InputStream raw = new FileInputStream(path.toFile());
        try {
            return new PcapReader(new BufferedInputStream(raw, 1 << 16));
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    /** Reads from a stream that starts with the pcap file header; closing the reader closes it. */
    public static PcapReader open(InputStream stream) throws IOException {
        return new PcapReader(stream instanceof BufferedInputStream ? stream : new BufferedInputStream(stream, 1 << 16));
    }

    public int linkType() {
        return linkType;
    }

    public int snaplen() {
        return snaplen;
    }

    /**
     * Advances to the next record, reusing one buffer (see {@link #buffer()}).
     *
     * @return false at the clean end of the input
     * @throws PcapFormatException when the input ends inside a record or a record is corrupt
     */
    public boolean advance() throws IOException {
        int got = readFully(header, 0, 16);
        if (got == 0) {
            return false;
        }
        recordNumber++;
        if (got < 16) {
            throw new PcapFormatException("truncated pcap file: record " + recordNumber + " header has "
                    + got + " of 16 bytes");
        }
        long sec = i32(header, 0) & 0xffffffffL;
        long frac = i32(header, 4) & 0xffffffffL;
        int cap = i32(header, 8);
        int len = i32(header, 12);
        if (cap < 0 || cap > MAX_RECORD) {
            throw new PcapFormatException("corrupt pcap file: record " + recordNumber + " claims "
                    + Integer.toUnsignedString(cap) + " captured bytes");
        }
        if (buffer.length < cap) {
            buffer = new byte[Math.max(cap, buffer.length * 2)];
        }
        int data = readFully(buffer, 0, cap);
        if (data < cap) {
            throw new PcapFormatException("truncated pcap file: record " + recordNumber + " needs " + cap
                    + " bytes, only " + data + " left");
        }
        seconds = sec;
        if (nanos) {
            frac /= 1000;
        }
        if (frac > 999_999) {
            seconds += frac / 1_000_000;
            frac %= 1_000_000;
        }
        micros = (int) frac;
        caplen = cap;
        length = len;
        return true;
    }

    /** The next record as a value of its own, or null at the end of the input. */
    public PcapRecord next() throws IOException {
        if (!advance()) {
            return null;
        }
        byte[] copy = new byte[caplen];
        System.arraycopy(buffer, 0, copy, 0, caplen);
        return new PcapRecord(seconds, micros, copy, length);
    }

    /** The current record's bytes start at index 0; valid until the next call to advance. */
    public byte[] buffer() {
        return buffer;
    }

    public int capturedLength() {
        return caplen;
    }

    /** Length on the wire, as the record header says (may be smaller than captured in corrupt files). */
    public int originalLength() {
        return length;
    }

    public long epochSecond() {
        return seconds;
    }

    public int micros() {
        return micros;
    }

    /** 1-based number of the current record. */
    public long recordNumber() {
        return recordNumber;
    }

    @Override
    public void close() throws IOException {
        in.close();
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
        return total;
    }

    private int i32(byte[] b, int p) {
        return swapped ? le32(b, p) : be32(b, p);
    }

    private static int be32(byte[] b, int p) {
        return ((b[p] & 0xff) << 24) | ((b[p + 1] & 0xff) << 16) | ((b[p + 2] & 0xff) << 8) | (b[p + 3] & 0xff);
    }

    private static int le32(byte[] b, int p) {
        return (b[p] & 0xff) | ((b[p + 1] & 0xff) << 8) | ((b[p + 2] & 0xff) << 16) | ((b[p + 3] & 0xff) << 24);
    }
}
