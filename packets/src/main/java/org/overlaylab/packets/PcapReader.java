/*
 * Reads a capture (classic pcap or pcapng, see CaptureReader) from a file, a FIFO or stdin as a
 * stream, record by record, so a capture can be decoded while it is still being written (e.g.
 * `tcpdump -U -w -`). Pure Java: no native libpcap needed. Each record comes with a timestamp in
 * range (seconds and microseconds), as PcapRecord requires; the decode command, which must print
 * damaged timestamps as tcpdump does, reads through CaptureReader itself.
 */
package org.overlaylab.packets;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

public final class PcapReader implements AutoCloseable {
    public static final int LINKTYPE_ETHERNET = CaptureReader.LINKTYPE_ETHERNET;

    private final CaptureReader reader;
    private long seconds;
    private int micros;

    private PcapReader(CaptureReader reader) {
        this.reader = reader;
    }

    /** Opens a capture file, a FIFO, or standard input for "-". */
    public static PcapReader open(String pathOrDash) throws IOException {
        return new PcapReader(CaptureReader.open(pathOrDash));
    }

    public static PcapReader open(Path path) throws IOException {
        return new PcapReader(CaptureReader.open(path));
    }

    /** Reads from a stream that starts with a pcap or pcapng header; closing the reader closes it. */
    public static PcapReader open(InputStream stream) throws IOException {
        return new PcapReader(CaptureReader.open(stream));
    }

    /** The link type of the file, or of a pcapng file's first interface. */
    public int linkType() {
        return reader.linkType();
    }

    public int snaplen() {
        return reader.snaplen();
    }

    /** The link type of the current record's interface (pcapng files may mix them). */
    public int recordLinkType() {
        return reader.recordLinkType();
    }

    /**
     * Advances to the next record, reusing one buffer (see {@link #buffer()}).
     *
     * @return false at the clean end of the input
     * @throws PcapFormatException when the input ends inside a record or a record is corrupt
     */
    public boolean advance() throws IOException {
        if (!reader.advance()) {
            return false;
        }
        long frac = reader.micros() & 0xffffffffL;
        seconds = reader.seconds() + frac / 1_000_000L;
        micros = (int) (frac % 1_000_000L);
        return true;
    }

    /** The next record as a value of its own, or null at the end of the input. */
    public PcapRecord next() throws IOException {
        if (!advance()) {
            return null;
        }
        return new PcapRecord(seconds, micros, reader.data(), reader.originalLength());
    }

    /** The current record's bytes start at index 0; valid until the next call to advance. */
    public byte[] buffer() {
        int off = reader.dataOffset();
        if (off == 0) {
            return reader.buffer();
        }
        return reader.data();
    }

    public int capturedLength() {
        return reader.capturedLength();
    }

    /** Length on the wire, as the record header says (may be smaller than captured in corrupt files). */
    public int originalLength() {
        return reader.originalLength();
    }

    public long epochSecond() {
        return seconds;
    }

    public int micros() {
        return micros;
    }

    /** 1-based number of the current record. */
    public long recordNumber() {
        return reader.recordNumber();
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
