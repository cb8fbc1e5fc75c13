/*
 * One pcapng for a whole lab run, as `run --pcapng` and the desktop's export write it: one
 * interface per capture point, named as the app names it ("node1 enp0s8", "node1 [test1] eth0"),
 * in the order the points first saw a frame, then every frame in time order with the lab step it
 * belongs to as its comment and its direction. tcpdump reads it like any capture; Wireshark and
 * tshark show where (frame.interface_name) and when in the lab (frame.comment) each frame was seen.
 */
package org.overlaylab.app.capture;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.overlaylab.model.backend.CapturedFrame;
import org.overlaylab.packets.CaptureReader;
import org.overlaylab.packets.PcapngWriter;
import org.overlaylab.packets.PcapWriter;

public final class LabCaptureFile {
    /** What a pcapng names as the program that wrote it. */
    public static final String APPLICATION = "OverlayLab";

    /** One frame as it goes into the file. */
    public record Frame(String host, String namespace, String device, long timeNanos, byte[] data, int originalLength,
                        CapturedFrame.Direction direction, String comment) {
        public static Frame of(CapturedFrame f, String comment) {
            return new Frame(f.host(), f.namespace(), f.device(), f.timeNanos(), f.data(), f.originalLength(),
                    f.direction(), comment);
        }
    }

    private final List<Frame> frames = new ArrayList<>();

    public synchronized void add(Frame f) {
        frames.add(f);
    }

    public synchronized int size() {
        return frames.size();
    }

    /** Writes the file and closes the stream; returns how many frames went in. */
    public int write(OutputStream out, CapturePointNames names) throws IOException {
        List<Frame> sorted;
        synchronized (this) {
            sorted = new ArrayList<>(frames);
        }
        return write(out, sorted, names);
    }

    /** Writes the given frames (Ethernet, as every backend captures them) and closes the stream. */
    public static int write(OutputStream out, List<Frame> frames, CapturePointNames names) throws IOException {
        Map<String, Integer> interfaces = new LinkedHashMap<>();
        List<Frame> inOrder = new ArrayList<>(frames);
        // stable: frames seen at the same instant keep the order they were captured in
        inOrder.sort(Comparator.comparingLong(Frame::timeNanos));
        int written = 0;
        try (PcapngWriter w = new PcapngWriter(out, APPLICATION)) {
            for (Frame f : inOrder) {
                String name = names.name(f.host(), f.namespace(), f.device());
                if (!interfaces.containsKey(name)) {
                    interfaces.put(name, w.addInterface(CaptureReader.LINKTYPE_ETHERNET, name,
                            PcapWriter.DEFAULT_SNAPLEN));
                }
            }
            for (Frame f : inOrder) {
                int id = interfaces.get(names.name(f.host(), f.namespace(), f.device()));
                PcapngWriter.Direction dir = switch (f.direction()) {
                    case IN -> PcapngWriter.Direction.INBOUND;
                    case OUT -> PcapngWriter.Direction.OUTBOUND;
                    case DROP -> PcapngWriter.Direction.UNKNOWN;
                };
                w.write(id, f.timeNanos(), f.data(), 0, f.data().length, Math.max(f.originalLength(), f.data().length),
                        f.comment(), dir);
                written++;
            }
        }
        return written;
    }
}
