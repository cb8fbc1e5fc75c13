/*
 * Writes classic pcap (magic a1b2c3d4, microseconds, LINKTYPE_ETHERNET, little-endian as on x86)
 * that tcpdump, tshark and Wireshark open. Pure Java, so no native libpcap handle is needed.
 */
package org.overlaylab.packets;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

public final class PcapWriter implements AutoCloseable {
    public static final int DEFAULT_SNAPLEN = 262144;

    private final OutputStream out;
    private final int snaplen;
    private final byte[] header = new byte[16];

    /** Writes the file header at once; closing the writer closes the stream. */
    public PcapWriter(OutputStream stream, int snaplen) throws IOException {
        this.out = stream instanceof BufferedOutputStream ? stream : new BufferedOutputStream(stream, 1 << 16);
        this.snaplen = snaplen;
        byte[] h = new byte[24];
        le32(h, 0, 0xa1b2c3d4);
        le16(h, 4, 2);
        le16(h, 6, 4);
        le32(h, 8, 0);
        le32(h, 12, 0);
        le32(h, 16, snaplen);
        le32(h, 20, PcapReader.LINKTYPE_ETHERNET);
        out.write(h);
    }

    public PcapWriter(OutputStream stream) throws IOException {
        this(stream, DEFAULT_SNAPLEN);
    }

    public static PcapWriter create(Path path) throws IOException {
        return new PcapWriter(Files.newOutputStream(path));
    }

    public void write(PcapRecord record) throws IOException {
        write(record.epochSecond(), record.micros(), record.data(), 0, record.data().length,
                Math.max(record.originalLength(), record.data().length));
    }

    /** Writes one frame; bytes beyond the snaplen are cut, the wire length is kept. */
    public void write(long epochSecond, int micros, byte[] data, int offset, int length, int originalLength)
            throws IOException {
        int cap = Math.min(length, snaplen);
        le32(header, 0, (int) epochSecond);
        le32(header, 4, micros);
        le32(header, 8, cap);
        le32(header, 12, originalLength);
        out.write(header);
        out.write(data, offset, cap);
    }

    /** Pushes buffered records to the stream, e.g. so a reader of a FIFO sees them now. */
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }

    private static void le32(byte[] b, int p, int v) {
        b[p] = (byte) v;
        b[p + 1] = (byte) (v >>> 8);
        b[p + 2] = (byte) (v >>> 16);
        b[p + 3] = (byte) (v >>> 24);
    }

    private static void le16(byte[] b, int p, int v) {
        b[p] = (byte) v;
        b[p + 1] = (byte) (v >>> 8);
    }
}
