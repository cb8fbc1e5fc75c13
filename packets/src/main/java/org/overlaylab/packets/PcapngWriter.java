/*
 * Writes pcapng (one little-endian section) that tcpdump, tshark and Wireshark open: a section
 * header naming the application, one interface description per capture point (its link type,
 * if_name, nanosecond timestamps), and enhanced packet blocks, each optionally with a comment
 * (opt_comment) and its direction (epb_flags). Wireshark then shows on which interface, that is
 * where, each frame was seen, and the comment says when (e.g. the lab step). Pure Java.
 */
package org.overlaylab.packets;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

public final class PcapngWriter implements AutoCloseable {
    /** Which way a frame went through its interface (epb_flags), or unknown. */
    public enum Direction { UNKNOWN, INBOUND, OUTBOUND }

    private static final int BLOCK_SHB = 0x0A0D0D0A;
    private static final int BLOCK_IDB = 1;
    private static final int BLOCK_EPB = 6;
    private static final int OPT_COMMENT = 1;
    private static final int OPT_SHB_USERAPPL = 4;
    private static final int OPT_IF_NAME = 2;
    private static final int OPT_IF_TSRESOL = 9;
    private static final int OPT_EPB_FLAGS = 2;

    private final OutputStream out;
    private final ByteArrayOutputStream block = new ByteArrayOutputStream(2048);
    private int interfaces;
    private final List<Integer> snaplens = new ArrayList<>();

    /** Writes the section header at once; closing the writer closes the stream. */
    public PcapngWriter(OutputStream stream, String application) throws IOException {
        this.out = stream instanceof BufferedOutputStream ? stream : new BufferedOutputStream(stream, 1 << 16);
        block.reset();
        le32(0x1A2B3C4D);
        le16(1);
        le16(0);
        le32(-1);
        le32(-1); // section length unknown: the file is written as a stream
        if (application != null) {
            option(OPT_SHB_USERAPPL, application.getBytes(StandardCharsets.UTF_8));
        }
        endOptions();
        flushBlock(BLOCK_SHB);
    }

    /**
     * Describes an interface; returns its id for {@link #write}. Interfaces must be added before
     * the packets captured on them.
     *
     * @param linkType a LINKTYPE_ value, e.g. {@link CaptureReader#LINKTYPE_ETHERNET}
     * @param name     if_name, e.g. "node1 enp0s8"; null for none
     * @param snaplen  the largest frame kept (0 for no limit)
     */
    public int addInterface(int linkType, String name, int snaplen) throws IOException {
        block.reset();
        le16(linkType);
        le16(0);
        le32(snaplen);
        if (name != null) {
            option(OPT_IF_NAME, name.getBytes(StandardCharsets.UTF_8));
        }
        option(OPT_IF_TSRESOL, new byte[] {9});
        endOptions();
        flushBlock(BLOCK_IDB);
        snaplens.add(snaplen <= 0 ? Integer.MAX_VALUE : snaplen);
        return interfaces++;
    }

    /**
     * Writes one frame captured on an interface; bytes beyond the interface's snapshot length are
     * cut, the wire length is kept.
     *
     * @param timeNanos nanoseconds since the epoch
     * @param comment   opt_comment, or null
     */
    public void write(int interfaceId, long timeNanos, byte[] data, int offset, int length, int originalLength,
                      String comment, Direction direction) throws IOException {
        if (interfaceId < 0 || interfaceId >= interfaces) {
            throw new IllegalArgumentException("interface " + interfaceId + " was not added");
        }
        int cap = Math.min(length, snaplens.get(interfaceId));
        block.reset();
        le32(interfaceId);
        le32((int) (timeNanos >>> 32));
        le32((int) timeNanos);
        le32(cap);
        le32(Math.max(originalLength, cap));
        block.write(data, offset, cap);
        pad(cap);
        if (comment != null) {
            option(OPT_COMMENT, comment.getBytes(StandardCharsets.UTF_8));
        }
        if (direction != null && direction != Direction.UNKNOWN) {
            option(OPT_EPB_FLAGS, new byte[] {(byte) (direction == Direction.INBOUND ? 1 : 2), 0, 0, 0});
        }
        if (comment != null || (direction != null && direction != Direction.UNKNOWN)) {
            endOptions();
        }
        flushBlock(BLOCK_EPB);
    }

    /** Pushes buffered blocks to the stream. */
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }

    private void option(int code, byte[] value) {
        le16(code);
        le16(value.length);
        block.write(value, 0, value.length);
        pad(value.length);
    }

    private void endOptions() {
        le16(0);
        le16(0);
    }

    private void pad(int length) {
        for (int i = length; i % 4 != 0; i++) {
            block.write(0);
        }
    }

    private void flushBlock(int type) throws IOException {
        int total = block.size() + 12;
        byte[] head = new byte[8];
        put32(head, 0, type);
        put32(head, 4, total);
        out.write(head);
        block.writeTo(out);
        byte[] tail = new byte[4];
        put32(tail, 0, total);
        out.write(tail);
    }

    private void le32(int v) {
        block.write(v);
        block.write(v >>> 8);
        block.write(v >>> 16);
        block.write(v >>> 24);
    }

    private void le16(int v) {
        block.write(v);
        block.write(v >>> 8);
    }

    private static void put32(byte[] b, int p, int v) {
        b[p] = (byte) v;
        b[p + 1] = (byte) (v >>> 8);
        b[p + 2] = (byte) (v >>> 16);
        b[p + 3] = (byte) (v >>> 24);
    }
}
