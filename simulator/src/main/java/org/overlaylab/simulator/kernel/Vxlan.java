/*
 * A VXLAN device: wraps each frame it sends in UDP to a remote VTEP chosen from its FDB, and
 * takes in the frames that arrive on its UDP port with its VNI. Its socket lives in the namespace
 * the device was created in, which is why Docker's vxlan0 in the overlay namespace still sends
 * through the host's underlay.
 */
package org.overlaylab.simulator.kernel;

import java.util.ArrayList;
import java.util.List;

public final class Vxlan extends Link {
    private final int vni;
    private final Integer local;
    private final Integer remote;
    private final String underlayDevice;
    private final int dstPort;
    private final boolean learning;
    private final boolean proxy;
    private final boolean l2miss;
    private final boolean l3miss;
    private final NetNs socketNs;
    private final List<FdbRecord> fdb = new ArrayList<>();
    /**
     * Whether the outer UDP header carries a checksum. Since Linux 4.7 a VXLAN device made without
     * IFLA_VXLAN_UDP_CSUM has it (`udpcsum`); only `noudpcsum` turns it off. Docker's and flannel's
     * netlink library leave the attribute out unless they want the checksum, so their devices have it.
     */
    private boolean udpCsum = true;

    /** A static FDB entry of the device (`bridge fdb ... self`): a MAC behind a remote VTEP. */
    public record FdbRecord(String mac, int destination, boolean permanent) {}

    public Vxlan(String name, String mac, int vni, Integer local, Integer remote, String underlayDevice, int dstPort,
                 boolean learning, boolean proxy, boolean l2miss, boolean l3miss, NetNs socketNs) {
        super(name, mac, 1450);
        this.vni = vni;
        this.local = local;
        this.remote = remote;
        this.underlayDevice = underlayDevice;
        this.dstPort = dstPort;
        this.learning = learning;
        this.proxy = proxy;
        this.l2miss = l2miss;
        this.l3miss = l3miss;
        this.socketNs = socketNs;
    }

    @Override
    public String kind() {
        return "vxlan";
    }

    @Override
    public String operState() {
        return adminUp() ? "UNKNOWN" : "DOWN";
    }

    public int vni() {
        return vni;
    }

    public Integer local() {
        return local;
    }

    public Integer remote() {
        return remote;
    }

    public String underlayDevice() {
        return underlayDevice;
    }

    public int dstPort() {
        return dstPort;
    }

    public boolean learning() {
        return learning;
    }

    public boolean proxy() {
        return proxy;
    }

    public boolean l2miss() {
        return l2miss;
    }

    public boolean l3miss() {
        return l3miss;
    }

    public boolean udpCsum() {
        return udpCsum;
    }

    public void setUdpCsum(boolean on) {
        this.udpCsum = on;
    }

    public NetNs socketNs() {
        return socketNs;
    }

    public List<FdbRecord> fdb() {
        return fdb;
    }

    /**
     * `bridge fdb replace` (and learning): the MAC's first remote is changed where it stands, its
     * other remotes stay; a new MAC is added.
     */
    public void replaceFdb(String mac, int destination, boolean permanent) {
        for (int i = 0; i < fdb.size(); i++) {
            if (fdb.get(i).mac().equals(mac)) {
                fdb.set(i, new FdbRecord(mac, destination, permanent));
                return;
            }
        }
        fdb.add(new FdbRecord(mac, destination, permanent));
    }

    public boolean addFdb(String mac, int destination, boolean permanent) {
        boolean exists = fdb.stream().anyMatch(f -> f.mac().equals(mac) && f.destination() == destination);
        if (!exists) {
            fdb.add(new FdbRecord(mac, destination, permanent));
        }
        return !exists;
    }

    public boolean removeFdb(String mac) {
        return fdb.removeIf(f -> f.mac().equals(mac));
    }

    /** `bridge fdb del MAC dev X dst IP`: only the entry towards that remote. */
    public boolean removeFdb(String mac, int destination) {
        return fdb.removeIf(f -> f.mac().equals(mac) && f.destination() == destination);
    }

    /** Remote VTEPs for a destination MAC: its own entries, else the all-zero default entries. */
    public List<Integer> destinationsFor(String mac) {
        List<Integer> exact = fdb.stream().filter(f -> f.mac().equals(mac)).map(FdbRecord::destination).toList();
        if (!exact.isEmpty()) {
            return exact;
        }
        List<Integer> defaults = fdb.stream().filter(f -> f.mac().equals("00:00:00:00:00:00"))
                .map(FdbRecord::destination).toList();
        if (!defaults.isEmpty()) {
            return defaults;
        }
        return remote == null ? List.of() : List.of(remote);
    }
}
