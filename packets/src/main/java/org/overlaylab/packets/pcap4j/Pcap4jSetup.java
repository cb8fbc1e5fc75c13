/*
 * Makes Pcap4J decode VXLAN and GRE whatever the class-path order. Pcap4J picks the FIRST
 * PacketFactoryBinderProvider that ServiceLoader finds, once, when PacketFactories initialises;
 * in a shaded jar the merged services file may list pcap4j-packetfactory-static's provider first.
 * So before anything else touches Pcap4J we initialise PacketFactories ourselves, with a context
 * class loader that lists our provider first. If Pcap4J was already initialised with another
 * binder, decoding still works: FrameDecoder re-decodes tunnel payloads with our classes.
 */
package org.overlaylab.packets.pcap4j;

import java.io.IOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import org.overlaylab.packets.encap.Encapsulations;
import org.pcap4j.packet.EthernetPacket;
import org.pcap4j.packet.IllegalRawDataException;
import org.pcap4j.packet.Packet;

public final class Pcap4jSetup {
    private static final String SERVICES = "META-INF/services/org.pcap4j.packet.factory.PacketFactoryBinderProvider";
    private static final String PREFERRED = "org/overlaylab/packets/pcap4j/preferred-provider.txt";

    private static volatile Boolean active;

    private Pcap4jSetup() {}

    /**
     * Initialises Pcap4J's factories with our binder if nobody did before; idempotent and cheap
     * after the first call.
     *
     * @return whether Pcap4J itself now decodes VXLAN (false: another binder won, FrameDecoder compensates)
     */
    public static boolean install() {
        Boolean state = active;
        if (state != null) {
            return state;
        }
        synchronized (Pcap4jSetup.class) {
            if (active != null) {
                return active;
            }
            ClassLoader own = Pcap4jSetup.class.getClassLoader();
            Thread thread = Thread.currentThread();
            ClassLoader previous = thread.getContextClassLoader();
            thread.setContextClassLoader(new PreferOwnProvider(own));
            try {
                Class.forName("org.pcap4j.packet.factory.PacketFactories", true, own);
            } catch (ClassNotFoundException | LinkageError e) {
                active = false;
                return false;
            } finally {
                thread.setContextClassLoader(previous);
            }
            active = probe();
            return active;
        }
    }

    /** Whether Pcap4J's own factories hand VXLAN's UDP port to VxlanPacket. */
    public static boolean isActive() {
        return install();
    }

    private static boolean probe() {
        byte[] frame = new byte[14 + 20 + 8 + 8 + 14];
        frame[12] = 0x08;
        frame[14] = 0x45;
        int ipLen = 20 + 8 + 8 + 14;
        frame[16] = (byte) (ipLen >> 8);
        frame[17] = (byte) ipLen;
        frame[22] = 64;
        frame[23] = 17;
        frame[36] = (byte) (Encapsulations.VXLAN_PORT >> 8);
        frame[37] = (byte) Encapsulations.VXLAN_PORT;
        frame[38] = 0;
        frame[39] = 8 + 8 + 14;
        frame[42] = 0x08;
        try {
            Packet p = EthernetPacket.newPacket(frame, 0, frame.length);
            return p.contains(VxlanPacket.class);
        } catch (IllegalRawDataException | RuntimeException e) {
            return false;
        }
    }

    /** Answers the services lookup with our provider first, then whatever the class path has. */
    private static final class PreferOwnProvider extends ClassLoader {
        private final ClassLoader own;

        PreferOwnProvider(ClassLoader own) {
            super(own);
            this.own = own;
        }

        @Override
        public Enumeration<URL> getResources(String name) throws IOException {
            if (!SERVICES.equals(name)) {
                return super.getResources(name);
            }
            List<URL> urls = new ArrayList<>();
            URL preferred = own.getResource(PREFERRED);
            if (preferred != null) {
                urls.add(preferred);
            }
            urls.addAll(Collections.list(super.getResources(name)));
            return Collections.enumeration(urls);
        }
    }
}
