/*
 * A namespace's iptables filter table: the INPUT, FORWARD and OUTPUT chains with their policies and
 * rules (protocol, addresses, interfaces, ports, a random-probability match, and a verdict), and
 * each rule's packet and byte counters. The nat table's MASQUERADE rules live in NetNs's masquerade
 * list, which Docker fills as well, so both show in one listing.
 */
package org.overlaylab.simulator.kernel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.overlaylab.model.net.Cidr;

public final class Netfilter {
    public static final List<String> FILTER_CHAINS = List.of("INPUT", "FORWARD", "OUTPUT");

    /** One rule as iptables stores it. Null fields match anything; `inv*` negate with '!'. */
    public static final class Rule {
        public Integer proto;
        public boolean invProto;
        public Cidr source;
        public boolean invSource;
        public Cidr destination;
        public boolean invDestination;
        public String in;
        public boolean invIn;
        public String out;
        public boolean invOut;
        public Integer sport;
        public Integer dport;
        /** statistic --mode random: the probability as the kernel keeps it, a fraction of 2^31. */
        public Long probability;
        public String target;
        public String rejectWith;
        public long packets;
        public long bytes;

        /** True when both rules say the same (what -D without a number looks for). */
        public boolean sameAs(Rule o) {
            return java.util.Objects.equals(proto, o.proto) && invProto == o.invProto
                    && java.util.Objects.equals(source, o.source) && invSource == o.invSource
                    && java.util.Objects.equals(destination, o.destination) && invDestination == o.invDestination
                    && java.util.Objects.equals(in, o.in) && invIn == o.invIn
                    && java.util.Objects.equals(out, o.out) && invOut == o.invOut
                    && java.util.Objects.equals(sport, o.sport) && java.util.Objects.equals(dport, o.dport)
                    && java.util.Objects.equals(probability, o.probability) && java.util.Objects.equals(target, o.target)
                    && java.util.Objects.equals(rejectWith, o.rejectWith);
        }
    }

    /** A chain's policy, its rules, and the policy's counters. */
    public static final class Chain {
        public String policy = "ACCEPT";
        public final List<Rule> rules = new ArrayList<>();
        public long packets;
        public long bytes;
    }

    private final Map<String, Chain> filter = new LinkedHashMap<>();

    public Netfilter() {
        for (String c : FILTER_CHAINS) {
            filter.put(c, new Chain());
        }
    }

    public Chain chain(String name) {
        return filter.get(name);
    }

    public boolean empty() {
        return filter.values().stream().allMatch(c -> c.rules.isEmpty() && c.policy.equals("ACCEPT"));
    }
}
