/*
 * Formats frames exactly as `tcpdump -nn -r FILE` (tcpdump 4.99) prints them: the local-time
 * timestamp, then the protocol text; a VXLAN/OTV frame's inner frame follows on its own line.
 * One formatter per capture: like tcpdump, it remembers TCP conversations to print relative
 * sequence numbers, so it is not thread-safe.
 */
package org.overlaylab.packets.format;

import java.time.Instant;
import java.time.ZoneId;
import java.time.zone.ZoneRules;
import org.overlaylab.packets.PcapRecord;

public final class TcpdumpFormatter {
    /** tcpdump refuses to print frames whose lengths exceed this. */
    private static final int MAXIMUM_SNAPLEN = 262144;
    private static final long BUCKET_SECONDS = 900;

    private final ZoneRules zone;
    private final TcpdumpPrinter printer;
    private long cachedBucket = Long.MIN_VALUE;
    private int cachedOffset;

    /** Formats like `tcpdump -nn` in the JVM's default time zone. */
    public TcpdumpFormatter() {
        this(ZoneId.systemDefault(), false);
    }

    /**
     * @param zone time zone of the timestamps (tcpdump uses the process's local zone, TZ)
     * @param linkLevel print the link-level header as `tcpdump -e` does
     */
    public TcpdumpFormatter(ZoneId zone, boolean linkLevel) {
        this(zone, linkLevel, false);
    }

    /**
     * @param portNames print well-known ports by name as `tcpdump -n` does (53 as "domain");
     *                  false prints numbers, as `-nn`
     */
    public TcpdumpFormatter(ZoneId zone, boolean linkLevel, boolean portNames) {
        this.zone = zone.getRules();
        this.printer = new TcpdumpPrinter(linkLevel, portNames);
    }

    /** The text for one frame without a trailing newline (it contains one for tunnelled frames). */
    public String format(PcapRecord record) {
        StringBuilder sb = new StringBuilder(128);
        format(record.epochSecond(), record.micros(), record.data(), 0, record.data().length,
                record.originalLength(), sb);
        return sb.toString();
    }

    /**
     * Appends the text for one frame without a trailing newline.
     *
     * @param data buffer holding the captured bytes from {@code offset}
     * @param caplen bytes captured
     * @param length length of the frame on the wire
     */
    public void format(long epochSecond, int micros, byte[] data, int offset, int caplen, int length,
                       StringBuilder out) {
        if (caplen == 0 || length == 0 || length < caplen || caplen > MAXIMUM_SNAPLEN || length > MAXIMUM_SNAPLEN) {
            invalidHeader(caplen, length, out);
            return;
        }
        timestamp(epochSecond, micros, out);
        printer.printFrame(data, offset, caplen, length, out);
    }

    private static void invalidHeader(int caplen, int length, StringBuilder out) {
        boolean any = false;
        if (caplen == 0) {
            any = true;
            out.append("[Invalid header: caplen==0");
        }
        if (length == 0) {
            out.append(any ? "," : "[Invalid header:").append(" len==0");
            any = true;
        } else if (length < caplen) {
            out.append(any ? "," : "[Invalid header:").append(" len(").append(length).append(") < caplen(")
                    .append(caplen).append(')');
            any = true;
        }
        if (caplen > MAXIMUM_SNAPLEN) {
            out.append(any ? "," : "[Invalid header:").append(" caplen(").append(caplen).append(") > ")
                    .append(MAXIMUM_SNAPLEN);
            any = true;
        }
        if (length > MAXIMUM_SNAPLEN) {
            out.append(any ? "," : "[Invalid header:").append(" len(").append(length).append(") > ")
                    .append(MAXIMUM_SNAPLEN);
        }
        out.append(']');
    }

    private void timestamp(long epochSecond, int micros, StringBuilder out) {
        long bucket = Math.floorDiv(epochSecond, BUCKET_SECONDS);
        if (bucket != cachedBucket) {
            cachedOffset = zone.getOffset(Instant.ofEpochSecond(epochSecond)).getTotalSeconds();
            cachedBucket = bucket;
        }
        long local = Math.floorMod(epochSecond + cachedOffset, 86400L);
        int h = (int) (local / 3600);
        int m = (int) (local / 60 % 60);
        int s = (int) (local % 60);
        out.append((char) ('0' + h / 10)).append((char) ('0' + h % 10)).append(':')
                .append((char) ('0' + m / 10)).append((char) ('0' + m % 10)).append(':')
                .append((char) ('0' + s / 10)).append((char) ('0' + s % 10)).append('.');
        int u = micros;
        for (int div = 100000; div > 0; div /= 10) {
            out.append((char) ('0' + (u / div) % 10));
        }
        out.append(' ');
    }
}
