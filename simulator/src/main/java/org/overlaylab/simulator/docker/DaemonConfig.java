/*
 * The flags a Docker daemon was started with, as far as the labs use them: listening addresses,
 * the cluster store and advertise address, the default bridge's address (--bip), its MTU, the
 * range containers get addresses from (--fixed-cidr) and whether it masquerades.
 */
package org.overlaylab.simulator.docker;

import java.util.ArrayList;
import java.util.List;
import org.overlaylab.model.net.Cidr;

public record DaemonConfig(List<String> hosts, String clusterStore, String clusterAdvertise, Cidr bip, int mtu,
                           Cidr fixedCidr, boolean ipMasq) {

    public static final DaemonConfig DEFAULT = new DaemonConfig(List.of("unix:///var/run/docker.sock"), null, null, null,
            1500, null, true);

    /** Parses dockerd / `docker daemon` flags; throws IllegalArgumentException with dockerd's message. */
    public static DaemonConfig parse(List<String> args) {
        List<String> hosts = new ArrayList<>();
        String store = null;
        String advertise = null;
        Cidr bip = null;
        int mtu = 1500;
        Cidr fixed = null;
        boolean masq = true;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            String name = a;
            String value = null;
            int eq = a.indexOf('=');
            if (a.startsWith("--") && eq > 0) {
                name = a.substring(0, eq);
                value = a.substring(eq + 1);
            }
            boolean takesValue = switch (name) {
                case "-H", "--host", "--cluster-store", "--cluster-advertise", "--bip", "--mtu", "--fixed-cidr",
                        "--ip-masq", "--iptables", "-g", "--graph", "--storage-driver", "-s", "--dns", "--log-level",
                        "-l", "--insecure-registry", "--label", "--cluster-store-opt" -> true;
                default -> false;
            };
            if (!takesValue) {
                if (a.equals("-D") || a.equals("--debug") || a.equals("--tls=false") || a.equals("--tlsverify=false")) {
                    continue;
                }
                throw new IllegalArgumentException("flag provided but not defined: " + a);
            }
            if (value == null) {
                if (name.equals("--ip-masq") || name.equals("--iptables")) {
                    value = "true";
                } else {
                    if (i + 1 >= args.size()) {
                        throw new IllegalArgumentException("flag needs an argument: " + a);
                    }
                    value = args.get(++i);
                }
            }
            switch (name) {
                case "-H", "--host" -> hosts.add(value);
                case "--cluster-store" -> store = value;
                case "--cluster-advertise" -> advertise = value;
                case "--bip" -> {
                    if (value.isEmpty() || !Cidr.isValid(value) || !value.contains("/")) {
                        throw new IllegalArgumentException("invalid argument \"" + value + "\" for --bip=" + value
                                + ": invalid CIDR address: " + value);
                    }
                    bip = Cidr.parse(value);
                }
                case "--mtu" -> {
                    try {
                        mtu = Integer.parseInt(value);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("invalid argument \"" + value + "\" for --mtu=" + value
                                + ": strconv.ParseInt: parsing \"" + value + "\": invalid syntax");
                    }
                }
                case "--fixed-cidr" -> fixed = Cidr.parse(value);
                case "--ip-masq" -> masq = !value.equals("false");
                default -> { }
            }
        }
        if (hosts.isEmpty()) {
            hosts.add("unix:///var/run/docker.sock");
        }
        if (advertise != null && store == null) {
            throw new IllegalArgumentException("--cluster-advertise requires --cluster-store configuration");
        }
        return new DaemonConfig(hosts, store, advertise, bip, mtu, fixed, masq);
    }

    /** "etcd://192.168.205.10:2379" -> "192.168.205.10:2379". */
    public String storeAddress() {
        return clusterStore == null ? null : clusterStore.replaceFirst("^[a-z]+://", "");
    }

    public boolean listensOnTcp() {
        return hosts.stream().anyMatch(h -> h.startsWith("tcp://"));
    }
}
