/*
 * Whether a frame belongs to the control plane (hosts telling each other where things are: BGP,
 * etcd's client and peer traffic, Serf's gossip, swarm's managers, ARP) or the data plane (the traffic those
 * decisions carry), told from the frame's own bytes so every backend's captures agree.
 */
package org.overlaylab.model.backend;

public enum Plane {
    CONTROL, DATA;

    /**
     * BGP (179), swarm's manager API and Raft over mutual TLS (2377), etcd clients and peers (2379,
     * 2380), Docker's Serf gossip (7946).
     */
    private static final int[] CONTROL_PORTS = {179, 2377, 2379, 2380, 7946};
    private static final int ETH = 14;

    /**
     * The plane of an Ethernet frame: ARP, and TCP or UDP to or from a control port, are control;
     * everything else, including what a tunnel carries, is data. A VLAN tag is looked through.
     */
    public static Plane of(byte[] frame) {
        if (frame == null || frame.length < ETH) {
            return DATA;
        }
        int at = 12;
        int type = u16(frame, at);
        if (type == 0x8100 && frame.length >= ETH + 4) {
            at += 4;
            type = u16(frame, at);
        }
        int ip = at + 2;
        if (type == 0x0806) {
            return CONTROL;
        }
        if (type != 0x0800 || frame.length < ip + 20) {
            return DATA;
        }
        int proto = frame[ip + 9] & 0xff;
        int l4 = ip + (frame[ip] & 0x0f) * 4;
        boolean firstFragment = (u16(frame, ip + 6) & 0x1fff) == 0;
        if ((proto != 6 && proto != 17) || !firstFragment || frame.length < l4 + 4) {
            return DATA;
        }
        int sport = u16(frame, l4);
        int dport = u16(frame, l4 + 2);
        for (int port : CONTROL_PORTS) {
            if (sport == port || dport == port) {
                return CONTROL;
            }
        }
        return DATA;
    }

    private static int u16(byte[] b, int o) {
        return ((b[o] & 0xff) << 8) | (b[o + 1] & 0xff);
    }
}
