/*
 * Formats frames exactly as `tcpdump -nn -r FILE` (tcpdump 4.99) prints them: the local-time
 * timestamp, then the protocol text; a VXLAN/OTV frame's inner frame follows on its own line.
 * Ethernet by default; the other link types tcpdump reads on Linux (loopback, raw IP, Linux cooked
 * v1 and v2) through formatLink. One formatter per capture: like tcpdump, it remembers TCP
 * conversations to print relative sequence numbers, so it is not thread-safe.
 */
package org.overlaylab.packets.format;

import java.time.Instant;
import java.time.ZoneId;
import java.util.function.IntFunction;
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

    /** Whether frames of this link type (a LINKTYPE_ value as capture files store it) can be formatted. */
    public static boolean supportsLinkType(int linkType) {
        return LinkLayerPrinter.supported(linkType);
    }

    /**
     * How SLL2 frames name their interface: tcpdump looks the index up on the machine it runs on,
     * which is what this formatter does unless told otherwise (e.g. to reproduce another machine's output).
     */
    public TcpdumpFormatter interfaceNames(IntFunction<String> names) {
        printer.interfaceNames(names);
        return this;
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

    /**
     * Appends the text for one frame of any supported link type, with the timestamp exactly as
     * libpcap handed it to tcpdump: seconds (64 bits in pcapng) and a microsecond field that a damaged
     * file may put out of range, which tcpdump prints raw; seconds with bit 31 set print as
     * "[Error converting time]".
     */
    public void formatLink(int linkType, long seconds, int rawMicros, byte[] data, int offset, int caplen, int length,
                           StringBuilder out) {
        if (caplen == 0 || length == 0 || length < caplen || caplen > MAXIMUM_SNAPLEN || length > MAXIMUM_SNAPLEN) {
            invalidHeader(caplen, length, out);
            return;
        }
        rawTimestamp(seconds, rawMicros, out);
        printer.linkType(linkType);
        try {
            printer.printFrame(data, offset, caplen, length, out);
        } finally {
            printer.linkType(1);
        }
    }

    /** glibc's localtime gives up where the year no longer fits an int. */
    private static final long LAST_CONVERTIBLE_SECOND = 67768036191676799L;

    private void rawTimestamp(long seconds, int rawMicros, StringBuilder out) {
        if ((seconds & 0x80000000L) != 0 || seconds > LAST_CONVERTIBLE_SECOND) {
            out.append("[Error converting time] ");
            return;
        }
        long bucket = Math.floorDiv(seconds, BUCKET_SECONDS);
        if (bucket != cachedBucket) {
            Instant at = seconds > Instant.MAX.getEpochSecond() ? Instant.MAX : Instant.ofEpochSecond(seconds);
            cachedOffset = zone.getOffset(at).getTotalSeconds();
            cachedBucket = bucket;
        }
        long local = Math.floorMod(seconds + cachedOffset, 86400L);
        hms(local, out);
        String frac = Integer.toUnsignedString(rawMicros);
        for (int i = frac.length(); i < 6; i++) {
            out.append('0');
        }
        out.append(frac).append(' ');
    }

    private static void hms(long local, StringBuilder out) {
        int h = (int) (local / 3600);
        int m = (int) (local / 60 % 60);
        int s = (int) (local % 60);
        out.append((char) ('0' + h / 10)).append((char) ('0' + h % 10)).append(':')
                .append((char) ('0' + m / 10)).append((char) ('0' + m % 10)).append(':')
                .append((char) ('0' + s / 10)).append((char) ('0' + s % 10)).append('.');
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
