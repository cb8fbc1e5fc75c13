/*
 * One frame of a pcap file: its timestamp (seconds and microseconds since the epoch), the captured
 * bytes from the Ethernet header on, and the frame's length on the wire (may exceed the bytes kept).
 */
package org.overlaylab.packets;

import org.overlaylab.model.backend.CapturedFrame;

public record PcapRecord(long epochSecond, int micros, byte[] data, int originalLength) {

    public PcapRecord {
        if (micros < 0 || micros > 999_999) {
            throw new IllegalArgumentException("microseconds out of range: " + micros);
        }
    }

    /** A whole frame captured at the given time. */
    public static PcapRecord of(long epochMicros, byte[] data) {
        return new PcapRecord(Math.floorDiv(epochMicros, 1_000_000L), (int) Math.floorMod(epochMicros, 1_000_000L),
                data, data.length);
    }

    /** A frame seen by a backend; the capture's nanoseconds are cut to microseconds as libpcap does. */
    public static PcapRecord of(CapturedFrame frame) {
        long micros = Math.floorDiv(frame.timeNanos(), 1000L);
        return new PcapRecord(Math.floorDiv(micros, 1_000_000L), (int) Math.floorMod(micros, 1_000_000L),
                frame.data(), Math.max(frame.originalLength(), frame.data().length));
    }

    public long epochMicros() {
        return epochSecond * 1_000_000L + micros;
    }

    public int capturedLength() {
        return data.length;
    }
}
