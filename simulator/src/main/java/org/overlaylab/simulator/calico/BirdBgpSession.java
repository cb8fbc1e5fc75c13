/*
 * The BGP session two Calico nodes' BIRDs keep, on the wire: a TCP connection to port 179 from the
 * node with the higher address (Calico's mesh makes the lower one passive), OPENs, KEEPALIVEs, then
 * each side's /26 blocks in UPDATEs with itself as next hop and the End-of-RIB marker, KEEPALIVEs
 * every 60-80 s (BIRD restarts its keepalive timer at a random 3/4 to 1 of a third of the hold
 * time 240), an UPDATE whenever a block appears and a withdrawal when one goes away. The routes a
 * node installs for its peer's blocks are the ones the UPDATEs it received carried, so each route
 * has the message that made it; that message's frames name the route as their effect.
 * The pauses between messages are those of two BIRD 2.0.12 daemons on this machine
 * (src/test/resources/bgp/bird2-session.pcap): the client's OPEN 120 us after connecting, the
 * server's OPEN 480 us after the client's arrives, the KEEPALIVEs 60-70 us after their triggers,
 * and the routes 3 s after the session is Established.
 */
package org.overlaylab.simulator.calico;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.overlaylab.model.backend.StateChange;
import org.overlaylab.model.net.Cidr;
import org.overlaylab.model.net.Ipv4;
import org.overlaylab.simulator.net.TcpConnection;
import org.overlaylab.simulator.world.SimWorld;
import org.overlaylab.simulator.world.VirtualClock;

public final class BirdBgpSession implements TcpConnection.Application {
    /** IPTOS_PREC_INTERNETCONTROL, which BIRD sets on its BGP sockets. */
    static final int TOS = 0xc0;
    static final long CLIENT_OPEN_DELAY = 120_000;
    static final long SERVER_OPEN_DELAY = 480_000;
    static final long CLIENT_KEEPALIVE_DELAY = 70_000;
    static final long SERVER_KEEPALIVE_DELAY = 57_000;
    static final long FEED_DELAY = 3 * VirtualClock.SECONDS;
    static final long END_OF_RIB_DELAY = 450_000;
    /** From a shutting-down BIRD's NOTIFICATION to its FIN, and from that FIN to the peer's own (measured). */
    static final long SHUTDOWN_CLOSE_DELAY = 72_000;
    static final long PEER_CLOSE_DELAY = 1_250_000;
    /** How long before the session counts as Established (CalicoNode.SESSION_SETUP) the client sends its SYN. */
    static final long CONNECT_LEAD = 2 * VirtualClock.MILLIS;

    /** What one side knows: whether it is up, what it announced and what it learned. */
    private static final class Side {
        final CalicoNode node;
        final boolean client;
        boolean sentOpen;
        boolean sentKeepalive;
        boolean established;
        boolean fed;
        final Set<Cidr> announced = new LinkedHashSet<>();
        final Set<Cidr> learned = new LinkedHashSet<>();

        Side(CalicoNode node, boolean client) {
            this.node = node;
            this.client = client;
        }
    }

    private final SimWorld world;
    private final Side active;
    private final Side passive;
    private final TcpConnection tcp;
    /** The BGP session is over (its TCP connection may still be closing). */
    private boolean ended;

    private BirdBgpSession(SimWorld world, CalicoNode active, CalicoNode passive) {
        this.world = world;
        this.active = new Side(active, true);
        this.passive = new Side(passive, false);
        String purpose = "bgp:" + active.nodeName() + ">" + passive.nodeName();
        int port = 32768 + world.random().nextInt("port:" + purpose, 60999 - 32768 + 1);
        this.tcp = new TcpConnection(world, this, active.host().root(), active.address().address(), port,
                passive.host().root(), passive.address().address(), BgpMessages.PORT, TOS, purpose);
        // BIRD's listening socket has TTL 255; the accepted one gets 64 when BIRD sets it up
        tcp.setTtl(false, 255);
    }

    /**
     * For one node: starts the sessions it should open (it has the higher address, the peer runs,
     * neither has one yet), ends those whose peer went away, and announces or withdraws blocks that
     * changed on established sessions. True when something changed.
     */
    static boolean reconcile(CalicoNode self, SimWorld world) {
        boolean changed = false;
        for (var other : world.hosts()) {
            CalicoNode peer = other.calico();
            if (peer == null || peer == self || other == self.host()) {
                continue;
            }
            int key = peer.address().address();
            BirdBgpSession s = self.bgpSessions().get(key);
            if (s != null && (s.ended || !s.involves(peer) || !self.canPeerWith(peer))) {
                // a peer whose BIRD stopped says goodbye on the wire; a peer out of reach cannot
                changed |= s.end(s.involves(peer) && !peer.running() ? s.sideOf(peer) : null);
                s = null;
            }
            if (s == null && self.canPeerWith(peer) && Integer.compareUnsigned(self.address().address(), key) > 0) {
                s = new BirdBgpSession(world, self, peer);
                self.bgpSessions().put(key, s);
                peer.bgpSessions().put(self.address().address(), s);
                long connectAt = Math.max(self.startedAt(), peer.startedAt()) + CalicoNode.SESSION_SETUP - CONNECT_LEAD;
                BirdBgpSession started = s;
                world.clock().scheduleAt(connectAt, () -> {
                    if (!started.ended) {
                        started.tcp.connect();
                    }
                });
            }
            if (s != null) {
                changed |= s.sync(s.sideOf(self));
            }
        }
        return changed;
    }

    /** The prefixes a node learned over this session (the routes it installs through its peer). */
    List<Cidr> learnedBy(CalicoNode node) {
        Side side = sideOf(node);
        return side == null ? List.of() : List.copyOf(side.learned);
    }

    private boolean involves(CalicoNode node) {
        return active.node == node || passive.node == node;
    }

    private Side sideOf(CalicoNode node) {
        return active.node == node ? active : passive.node == node ? passive : null;
    }

    private Side other(Side s) {
        return s == active ? passive : active;
    }

    /**
     * The session goes away. A BIRD that shuts down (`stopping`) sends NOTIFICATION Cease,
     * administrative shutdown, and closes its socket; its peer closes its side in turn. Otherwise
     * (a peer out of reach) the connection is simply forgotten. Either way the routes learned
     * over it go at once.
     */
    private boolean end(Side stopping) {
        if (!ended) {
            ended = true;
            if (stopping != null && stopping.sentOpen) {
                Side survivor = other(stopping);
                tcp.send(stopping.client, BgpMessages.notification(6, 2),
                        effects(stopping, List.copyOf(survivor.learned), false));
                world.clock().schedule(SHUTDOWN_CLOSE_DELAY, () -> tcp.finish(stopping.client));
            } else {
                tcp.close();
            }
        }
        active.node.bgpSessions().remove(passive.node.address().address(), this);
        passive.node.bgpSessions().remove(active.node.address().address(), this);
        boolean hadRoutes = !active.learned.isEmpty() || !passive.learned.isEmpty();
        active.learned.clear();
        passive.learned.clear();
        return hadRoutes;
    }

    /** Announces new blocks and withdraws vanished ones, once the side has sent its first routes. */
    private boolean sync(Side side) {
        if (side == null || !side.fed || ended) {
            return false;
        }
        List<Cidr> now = side.node.blocks(side.node);
        List<Cidr> added = new ArrayList<>();
        for (Cidr c : now) {
            if (!side.announced.contains(c)) {
                added.add(c);
            }
        }
        List<Cidr> removed = new ArrayList<>();
        for (Cidr c : side.announced) {
            if (!now.contains(c)) {
                removed.add(c);
            }
        }
        if (!removed.isEmpty()) {
            side.announced.removeAll(removed);
            tcp.send(side.client, BgpMessages.withdraw(removed), effects(side, removed, false));
        }
        if (!added.isEmpty()) {
            side.announced.addAll(added);
            tcp.send(side.client, BgpMessages.announce(added, side.node.address().address()), effects(side, added, true));
        }
        return !added.isEmpty() || !removed.isEmpty();
    }

    /** What an UPDATE from `from` does on the receiving node: a route per prefix, through the sender. */
    private List<StateChange> effects(Side from, List<Cidr> prefixes, boolean install) {
        Side to = other(from);
        String via = Ipv4.format(from.node.address().address());
        String host = to.node.host().name();
        List<StateChange> out = new ArrayList<>();
        for (Cidr c : prefixes) {
            out.add(install
                    ? new StateChange(host, StateChange.Kind.ROUTE_ADDED, c.toString(),
                            "installs " + c + " via " + via + " on " + host)
                    : new StateChange(host, StateChange.Kind.ROUTE_REMOVED, c.toString(),
                            "removes " + c + " via " + via + " from " + host));
        }
        return out;
    }

    private void sendOpen(Side side) {
        side.sentOpen = true;
        if (!side.client) {
            tcp.setTtl(false, 64);
        }
        tcp.send(side.client, BgpMessages.open(CalicoNode.AS_NUMBER, side.node.address().address()), List.of());
    }

    private void sendKeepalive(Side side) {
        side.sentKeepalive = true;
        tcp.send(side.client, BgpMessages.keepalive(), List.of());
    }

    /** BIRD's keepalive timer: a third of the hold time, less a random quarter of it, restarted at each KEEPALIVE. */
    private void startKeepaliveTimer(Side side) {
        long third = BgpMessages.HOLD_TIME / 3 * VirtualClock.SECONDS;
        long jitter = world.random().stream("bgp-keepalive:" + side.node.nodeName()).nextLong(third / 4 + 1);
        world.clock().schedule(third - jitter, () -> {
            if (!ended) {
                sendKeepalive(side);
                startKeepaliveTimer(side);
            }
        });
    }

    private void becomeEstablished(Side side) {
        side.established = true;
        world.clock().schedule(FEED_DELAY, () -> {
            if (ended) {
                return;
            }
            side.fed = true;
            boolean announced = sync(side);
            world.clock().schedule(announced ? END_OF_RIB_DELAY : 0, () -> {
                if (!ended) {
                    tcp.send(side.client, BgpMessages.endOfRib(), List.of());
                }
            });
        });
    }

    @Override
    public void connected(TcpConnection c) {
        world.clock().schedule(CLIENT_OPEN_DELAY, () -> {
            if (!ended) {
                sendOpen(active);
            }
        });
    }

    /** The peer closed its socket: this BIRD closes its side too. */
    @Override
    public void closedBy(TcpConnection c, boolean client) {
        ended = true;
        world.clock().schedule(PEER_CLOSE_DELAY, () -> tcp.finish(!client));
    }

    @Override
    public void received(TcpConnection c, boolean atClient, byte[] data) {
        Side side = atClient ? active : passive;
        if (data.length < 19) {
            return;
        }
        int type = data[18] & 0xff;
        switch (type) {
            case BgpMessages.OPEN -> {
                if (side.client) {
                    world.clock().schedule(CLIENT_KEEPALIVE_DELAY, () -> {
                        if (!ended) {
                            sendKeepalive(side);
                            startKeepaliveTimer(side);
                        }
                    });
                } else {
                    world.clock().schedule(SERVER_OPEN_DELAY, () -> {
                        if (!ended) {
                            sendOpen(side);
                        }
                    });
                }
            }
            case BgpMessages.KEEPALIVE -> {
                if (!side.sentKeepalive) {
                    world.clock().schedule(SERVER_KEEPALIVE_DELAY, () -> {
                        if (!ended) {
                            sendKeepalive(side);
                            startKeepaliveTimer(side);
                        }
                    });
                }
                if (!side.established) {
                    becomeEstablished(side);
                }
            }
            case BgpMessages.UPDATE -> learn(side, data);
            default -> {
                // NOTIFICATION and ROUTE-REFRESH are not sent by this model's speakers
            }
        }
    }

    /** Reads an UPDATE's withdrawn routes and NLRI into what the receiving side has learned. */
    private static void learn(Side side, byte[] m) {
        int withdrawnLength = ((m[19] & 0xff) << 8) | (m[20] & 0xff);
        int p = 21;
        for (Cidr c : prefixes(m, p, p + withdrawnLength)) {
            side.learned.remove(c);
        }
        p += withdrawnLength;
        int attributesLength = ((m[p] & 0xff) << 8) | (m[p + 1] & 0xff);
        p += 2 + attributesLength;
        side.learned.addAll(prefixes(m, p, m.length));
    }

    private static List<Cidr> prefixes(byte[] m, int p, int end) {
        List<Cidr> out = new ArrayList<>();
        while (p < end) {
            int bits = m[p++] & 0xff;
            int address = 0;
            for (int i = 0; i < (bits + 7) / 8; i++) {
                address |= (m[p++] & 0xff) << (24 - 8 * i);
            }
            out.add(new Cidr(address, bits));
        }
        return out;
    }
}
