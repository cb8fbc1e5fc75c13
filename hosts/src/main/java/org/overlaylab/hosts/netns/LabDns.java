/*
 * The lab's name server at the NAT router's 10.0.2.3 (where VirtualBox puts its DNS): answers
 * google.com with the address the lab's "google" namespace owns, and says no such name for the
 * rest, so `ping google.com` inside a container resolves without leaving the lab.
 */
package org.overlaylab.hosts.netns;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.util.Locale;
import java.util.Map;

public final class LabDns implements AutoCloseable {
    private static final int TYPE_A = 1;
    private final DatagramSocket socket;
    private final Map<String, String> names;

    public LabDns(DatagramSocket socket, Map<String, String> names) {
        this.socket = socket;
        this.names = Map.copyOf(names);
        Thread t = new Thread(this::serve, "lab-dns");
        t.setDaemon(true);
        t.start();
    }

    private void serve() {
        byte[] buf = new byte[1500];
        while (!socket.isClosed()) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                socket.receive(p);
                byte[] answer = answer(buf, p.getLength(), names);
                if (answer != null) {
                    socket.send(new DatagramPacket(answer, answer.length, p.getSocketAddress()));
                }
            } catch (IOException e) {
                if (socket.isClosed()) {
                    return;
                }
            }
        }
    }

    /** The response to one query, or null when the packet is not a query we can read. */
    static byte[] answer(byte[] q, int len, Map<String, String> names) throws IOException {
        if (len < 12 || (q[2] & 0x80) != 0 || ((q[4] << 8) | (q[5] & 0xff)) != 1) {
            return null;
        }
        int pos = 12;
        StringBuilder name = new StringBuilder();
        while (pos < len && q[pos] != 0) {
            int l = q[pos] & 0xff;
            if (l > 63 || pos + 1 + l > len) {
                return null;
            }
            if (name.length() > 0) {
                name.append('.');
            }
            name.append(new String(q, pos + 1, l, java.nio.charset.StandardCharsets.US_ASCII));
            pos += 1 + l;
        }
        pos++;
        if (pos + 4 > len) {
            return null;
        }
        int qtype = ((q[pos] & 0xff) << 8) | (q[pos + 1] & 0xff);
        int questionEnd = pos + 4;
        String ip = names.get(name.toString().toLowerCase(Locale.ROOT));
        boolean answerIt = ip != null && qtype == TYPE_A;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(q[0]);
        out.write(q[1]);
        out.write(0x81 | (q[2] & 0x01));           // response, recursion desired copied
        out.write(ip == null ? 0x83 : 0x80);       // recursion available; NXDOMAIN for unknown names
        out.write(new byte[] {0, 1, 0, (byte) (answerIt ? 1 : 0), 0, 0, 0, 0});
        out.write(q, 12, questionEnd - 12);
        if (answerIt) {
            out.write(new byte[] {(byte) 0xc0, 12, 0, 1, 0, 1, 0, 0, 1, 0x2c, 0, 4});
            out.write(InetAddress.getByName(ip).getAddress());
        }
        return out.toByteArray();
    }

    @Override
    public void close() {
        socket.close();
    }
}
