/*
 * Open vSwitch on one host (2.5, kernel datapath, as apt installs it on Ubuntu 16.04): the ovsdb
 * rows for bridges, ports and interfaces, and the kernel side: the datapath device ovs-system and
 * one internal device per bridge. Forwarding is the NORMAL action: a learning switch per bridge.
 */
package org.overlaylab.simulator.ovs;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.overlaylab.model.net.Mac;
import org.overlaylab.simulator.kernel.Link;
import org.overlaylab.simulator.kernel.NetNs;
import org.overlaylab.simulator.kernel.OvsPort;
import org.overlaylab.simulator.world.SimHost;
import org.overlaylab.simulator.world.SimWorld;

public final class OvsSwitch {
    public static final String VERSION = "2.5.2";

    /** A port with its one interface: type "" (a system device), internal, gre, vxlan or geneve, and options. */
    public static final class Port {
        final String name;
        final String uuid;
        String type;
        final Map<String, String> options = new TreeMap<>();
        /** The OpenFlow port number: LOCAL (65534) for the bridge's own port, else 1, 2... in the order added. */
        int ofport;

        Port(String name, String uuid, String type) {
            this.name = name;
            this.uuid = uuid;
            this.type = type;
        }

        public int ofport() {
            return ofport;
        }

        public String name() {
            return name;
        }

        public String type() {
            return type;
        }

        public Map<String, String> options() {
            return options;
        }
    }

    public static final class Bridge {
        final String name;
        final String uuid;
        String datapathType = "";
        final Map<String, Port> ports = new LinkedHashMap<>();
        /** MAC -> port name, learned by the NORMAL action, and when each MAC was last seen. */
        final Map<String, String> learned = new HashMap<>();
        final Map<String, Long> lastSeen = new LinkedHashMap<>();
        int nextOfport = 1;
        long normalPackets;
        long normalBytes;
        final long createdAt;

        Bridge(String name, String uuid, long createdAt) {
            this.name = name;
            this.uuid = uuid;
            this.createdAt = createdAt;
        }

        /** The NORMAL action learns where a source MAC is. */
        public void learn(String mac, String port, long now) {
            learned.put(mac, port);
            lastSeen.remove(mac);
            lastSeen.put(mac, now);
        }

        public void countNormal(int bytes) {
            normalPackets++;
            normalBytes += bytes;
        }

        public long normalPackets() {
            return normalPackets;
        }

        public long normalBytes() {
            return normalBytes;
        }

        public long createdAt() {
            return createdAt;
        }

        /** MAC -> when last seen, oldest first. */
        public Map<String, Long> lastSeen() {
            return lastSeen;
        }

        public Port portNamed(String port) {
            return ports.get(port);
        }

        public String name() {
            return name;
        }

        public String datapathType() {
            return datapathType;
        }

        public List<Port> ports() {
            List<Port> sorted = new ArrayList<>(ports.values());
            sorted.sort((a, b) -> a.name.compareTo(b.name));
            return sorted;
        }

        public Map<String, String> learned() {
            return learned;
        }
    }

    private final SimWorld world;
    private final SimHost host;
    private final String dbUuid;
    private final Map<String, Bridge> bridges = new LinkedHashMap<>();
    private final int vswitchdPid;

    public OvsSwitch(SimWorld world, SimHost host) {
        this.world = world;
        this.host = host;
        this.dbUuid = world.random().uuid("ovsdb:" + host.name());
        this.vswitchdPid = host.nextPid();
    }

    public String dbUuid() {
        return dbUuid;
    }

    public int pid() {
        return vswitchdPid;
    }

    public List<Bridge> bridges() {
        return List.copyOf(bridges.values());
    }

    public Optional<Bridge> bridge(String name) {
        return Optional.ofNullable(bridges.get(name));
    }

    /** The bridge a port belongs to, if any. */
    public Optional<Bridge> bridgeOfPort(String port) {
        return bridges.values().stream().filter(b -> b.ports.containsKey(port)).findFirst();
    }

    public Optional<Port> port(String name) {
        return bridgeOfPort(name).map(b -> b.ports.get(name));
    }

    public Bridge addBridge(String name) {
        NetNs root = host.root();
        if (root.link("ovs-system").isEmpty()) {
            OvsPort dp = new OvsPort("ovs-system", Mac.random(world.random().stream("mac:ovs:" + host.name())), true);
            root.attach(dp);
        }
        Bridge b = new Bridge(name, world.random().uuid("ovsdb-row:" + host.name()), world.clock().now());
        Port internal = new Port(name, world.random().uuid("ovsdb-row:" + host.name()), "internal");
        internal.ofport = 65534;
        b.ports.put(name, internal);
        bridges.put(name, b);
        OvsPort dev = new OvsPort(name, Mac.random(world.random().stream("mac:ovs:" + host.name())), false);
        dev.setOvsBridge(name);
        root.attach(dev);
        return b;
    }

    public void deleteBridge(String name) {
        Bridge b = bridges.remove(name);
        if (b == null) {
            return;
        }
        for (Port p : b.ports.values()) {
            releaseDevice(p);
        }
    }

    /** Adds a port; a system port takes the kernel device of that name into the datapath. */
    public Port addPort(Bridge b, String name) {
        Port p = new Port(name, world.random().uuid("ovsdb-row:" + host.name()), "");
        p.ofport = b.nextOfport++;
        b.ports.put(name, p);
        host.root().link(name).ifPresent(l -> l.setOvsBridge(b.name));
        return p;
    }

    public void deletePort(String name) {
        bridgeOfPort(name).ifPresent(b -> {
            Port p = b.ports.remove(name);
            releaseDevice(p);
            b.learned.entrySet().removeIf(e -> {
                if (e.getValue().equals(name)) {
                    b.lastSeen.remove(e.getKey());
                    return true;
                }
                return false;
            });
        });
    }

    private void releaseDevice(Port p) {
        NetNs root = host.root();
        Optional<Link> dev = root.link(p.name);
        if (dev.isEmpty()) {
            return;
        }
        if (p.type.equals("internal")) {
            root.delete(dev.get());
        } else {
            dev.get().setOvsBridge(null);
        }
    }

    /** A port whose interface is a system device that is missing: ovs-vswitchd cannot set it up. */
    public boolean deviceMissing(Port p) {
        return p.type.isEmpty() && host.root().link(p.name).isEmpty();
    }

    public SimHost host() {
        return host;
    }
}
