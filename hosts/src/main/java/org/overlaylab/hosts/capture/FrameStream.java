/*
 * Turns a pcap stream as tcpdump -U -w - writes it (from a local process or over SSH) into
 * CapturedFrames as the records arrive, with the packets module's streaming PcapReader. The
 * direction comes from the source MAC (the device's own is OUT); the trace id is derived from the
 * innermost IPv4 header (through VXLAN and GRE), so the outer and inner frames of one ping share it.
 */
package org.overlaylab.hosts.capture;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicLong;
import org.overlaylab.model.backend.CapturedFrame;
import org.overlaylab.model.backend.FrameListener;
import org.overlaylab.packets.PcapReader;
import org.overlaylab.packets.PcapRecord;

public final class FrameStream {
    private static final AtomicLong SEQUENCE = new AtomicLong();
    private static final System.Logger LOG = System.getLogger(FrameStream.class.getName());

    private FrameStream() {}

    /** Reads until the stream ends (tcpdump stopped, the connection closed), handing each frame to the listener. */
    public static void read(InputStream raw, String host, String ns, String dev, String devMac, FrameListener listener) {
        try (PcapReader in = PcapReader.open(raw)) {
            PcapRecord r;
            while ((r = in.next()) != null) {
                byte[] data = r.data();
                long t = r.epochSecond() * 1_000_000_000L + r.micros() * 1000L;
                CapturedFrame.Direction dir = data.length >= 12 && mac(data, 6).equals(devMac)
                        ? CapturedFrame.Direction.OUT : CapturedFrame.Direction.IN;
                long[] trace = trace(data);
                try {
                    listener.onFrame(new CapturedFrame(SEQUENCE.incrementAndGet(), t, host, ns, dev, dir, data,
                            r.originalLength(), trace[0], (int) trace[1], null));
                } catch (RuntimeException e) {
                    // a listener's bug loses that frame, not the rest of the capture
                    LOG.log(System.Logger.Level.WARNING, "a capture listener failed on a frame from " + host + " "
                            + dev + ": " + e, e);
                }
            }
        } catch (IOException | RuntimeException e) {
            // tcpdump stopped or the stream broke: the capture ends
        }
    }

    public static String mac(byte[] d, int off) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            if (i > 0) {
                sb.append(':');
            }
            sb.append(String.format("%02x", d[off + i] & 0xff));
        }
        return sb.toString();
    }

    /** {trace id, hop} from the innermost IPv4 header: hash of addresses, IP id and protocol; 64 - TTL. */
    public static long[] trace(byte[] d) {
        int off = 0;
        int ip = -1;
        for (int depth = 0; depth < 4; depth++) {
            if (off + 14 > d.length) {
                break;
            }
            int type = ((d[off + 12] & 0xff) << 8) | (d[off + 13] & 0xff);
            if (type != 0x0800 || off + 34 > d.length) {
                break;
            }
            ip = off + 14;
            int ihl = (d[ip] & 0x0f) * 4;
            int proto = d[ip + 9] & 0xff;
            int l4 = ip + ihl;
            if (proto == 17 && l4 + 8 <= d.length) {
                int dport = ((d[l4 + 2] & 0xff) << 8) | (d[l4 + 3] & 0xff);
                if ((dport == 4789 || dport == 8472) && l4 + 16 + 14 <= d.length) {
                    off = l4 + 16;
                    continue;
                }
            } else if (proto == 47 && l4 + 4 <= d.length) {
                int flags = (d[l4] & 0xff);
                int gproto = ((d[l4 + 2] & 0xff) << 8) | (d[l4 + 3] & 0xff);
                int glen = 4 + ((flags & 0x80) != 0 ? 4 : 0) + ((flags & 0x20) != 0 ? 4 : 0) + ((flags & 0x10) != 0 ? 4 : 0);
                if (gproto == 0x6558) {
                    off = l4 + glen;
                    continue;
                }
            }
            break;
        }
        if (ip < 0) {
            return new long[] {0, 0};
        }
        long h = 1469598103934665603L;
        int[] fields = {ip + 12, ip + 13, ip + 14, ip + 15, ip + 16, ip + 17, ip + 18, ip + 19, ip + 4, ip + 5, ip + 9};
        for (int f : fields) {
            h = (h ^ (d[f] & 0xff)) * 1099511628211L;
        }
        int ttl = d[ip + 8] & 0xff;
        return new long[] {h & Long.MAX_VALUE, Math.max(0, 64 - ttl)};
    }
}
