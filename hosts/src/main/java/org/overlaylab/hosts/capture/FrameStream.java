/*
 * Turns a pcap stream as tcpdump -U -w - writes it (from a local process or over SSH) into
 * CapturedFrames as the records arrive, with the packets module's streaming PcapReader. The
 * direction comes from the source MAC (the device's own is OUT); the trace id is derived from the
 * innermost IPv4 header (through every tunnel the encapsulation registry knows), so the outer and
 * inner frames of one ping share it.
 */
package org.overlaylab.hosts.capture;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicLong;
import org.overlaylab.model.backend.CapturedFrame;
import org.overlaylab.model.backend.FrameListener;
import org.overlaylab.packets.PcapReader;
import org.overlaylab.packets.PcapRecord;
import org.overlaylab.packets.encap.Encapsulation;
import org.overlaylab.packets.encap.Encapsulations;

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

    /**
     * {trace id, hop} from the innermost IPv4 header: hash of addresses, IP id and protocol; 64 - TTL.
     * The walk goes into every tunnel of the encapsulation registry (UDP named by its destination
     * port, or the IP protocol), whether it carries an Ethernet frame or a bare IP packet.
     */
    public static long[] trace(byte[] d) {
        int off = 0;
        int type = Encapsulations.ETHERTYPE_TEB;
        int ip = -1;
        for (int depth = 0; depth < 4; depth++) {
            int l3 = off;
            if (type == Encapsulations.ETHERTYPE_TEB) {
                if (off + 14 > d.length) {
                    break;
                }
                type = ((d[off + 12] & 0xff) << 8) | (d[off + 13] & 0xff);
                l3 = off + 14;
            }
            if (type != Encapsulations.ETHERTYPE_IPV4 || l3 + 20 > d.length) {
                break;
            }
            ip = l3;
            int ihl = (d[ip] & 0x0f) * 4;
            int proto = d[ip + 9] & 0xff;
            int l4 = ip + ihl;
            Encapsulation tunnel;
            int header;
            if (proto == 17 && l4 + 8 <= d.length) {
                tunnel = Encapsulations.forUdpPort(((d[l4 + 2] & 0xff) << 8) | (d[l4 + 3] & 0xff));
                header = l4 + 8;
            } else {
                tunnel = Encapsulations.forIpProtocol(proto);
                header = l4;
            }
            if (tunnel == null || header + tunnel.minLength() > d.length) {
                break;
            }
            off = header + tunnel.headerLength(d, header);
            type = tunnel.payloadType(d, header);
            if (off > d.length) {
                break;
            }
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
