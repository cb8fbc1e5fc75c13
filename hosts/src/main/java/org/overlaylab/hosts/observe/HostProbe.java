/*
 * The introspection a person would run on a host, as one shell script, and the parser for its
 * output. The script needs only bash, iproute2, nsenter, and docker / ovs-vsctl when present, so
 * the same probe runs in a network namespace here and on a VM over SSH: run it, parse its stdout.
 * (The simulator answers the same `ip -j` commands; the parser also takes them as separate sections.)
 * It lists the host's own namespace, every namespace under Docker's exec-root (container sandboxes
 * and overlay namespaces "1-<id>"), the containers and networks Docker knows, and OVS's tables.
 */
package org.overlaylab.hosts.observe;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

public final class HostProbe {
    private HostProbe() {}

    /** The whole probe, Docker included through its CLI (for hosts reached over SSH). */
    public static final String SCRIPT = withDocker(true);

    /** The probe without Docker, for callers that read Docker's API themselves (faster than its CLI). */
    public static final String SCRIPT_WITHOUT_DOCKER = withDocker(false);

    private static String withDocker(boolean docker) {
        String s = TEXT;
        if (!docker) {
            int a = s.indexOf("# docker\n");
            int b = s.indexOf("# end of docker\n", a) + "# end of docker\n".length();
            s = s.substring(0, a) + s.substring(b);
        }
        return s;
    }

    private static final String TEXT = """
            sec() { printf '\\n@@@ %s\\n' "$*"; }
            nsdump() {
              sec ipbatch; printf 'link show\\naddr show\\nroute show\\nneigh show\\n' | ip -j -d -batch -
              sec fdb; bridge -j fdb show
            }
            sec ns host
            nsdump
            for f in /run/docker/netns/*; do
              [ -e "$f" ] || continue
              n=$(basename "$f")
              [ "$n" = default ] && continue
              sec ns docker "$n"
              nsenter --net="$f" bash -c "$(declare -f sec nsdump); nsdump" 2>/dev/null
            done
            # docker
            if [ -S /run/docker.sock ] && timeout 5 docker version >/dev/null 2>&1; then
              sec docker-containers
              ids=$(timeout 5 docker ps -aq)
              if [ -n "$ids" ]; then timeout 5 docker inspect $ids; else echo '[]'; fi
              sec docker-networks
              nets=$(timeout 5 docker network ls -q)
              if [ -n "$nets" ]; then timeout 5 docker network inspect $nets; else echo '[]'; fi
            fi
            # end of docker
            if [ -S /run/openvswitch/db.sock ]; then
              sec ovs-bridges; ovs-vsctl --timeout=3 --format=json --columns=name,datapath_type,ports list Bridge
              sec ovs-ports; ovs-vsctl --timeout=3 --format=json --columns=_uuid,name,interfaces list Port
              sec ovs-interfaces; ovs-vsctl --timeout=3 --format=json --columns=_uuid,name,type,options list Interface
            fi
            true
            """;

    /** One namespace's five outputs. */
    public record NsDump(String kind, String name, Map<String, String> parts) {}

    /** The probe's output split up: namespaces in order, then the other sections by name. */
    public record Output(List<NsDump> namespaces, Map<String, String> sections) {}

    public static Output parse(String stdout) {
        List<NsDump> namespaces = new ArrayList<>();
        Map<String, String> sections = new LinkedHashMap<>();
        NsDump current = null;
        String section = null;
        StringBuilder body = new StringBuilder();
        for (String line : (stdout + "\n@@@ end\n").split("\n", -1)) {
            if (line.startsWith("@@@ ")) {
                if (section != null) {
                    if (current != null && section.equals("ipbatch")) {
                        // `ip -j -batch` prints one JSON array per command, one per line
                        String[] names = {"link", "addr", "route", "neigh"};
                        int n = 0;
                        for (String l : body.toString().split("\n")) {
                            if (l.startsWith("[") && n < names.length) {
                                current.parts().put(names[n++], l);
                            }
                        }
                    } else if (current != null && List.of("link", "addr", "route", "neigh", "fdb").contains(section)) {
                        current.parts().put(section, body.toString());
                    } else if (!section.startsWith("ns")) {
                        sections.put(section, body.toString());
                    }
                }
                body.setLength(0);
                String[] f = line.substring(4).trim().split(" ");
                section = f[0];
                if (section.equals("ns")) {
                    current = new NsDump(f[1], f.length > 2 ? f[2] : f[1], new LinkedHashMap<>());
                    namespaces.add(current);
                } else if (!List.of("link", "addr", "route", "neigh", "fdb", "ipbatch").contains(section)) {
                    current = null;
                }
            } else {
                body.append(line).append('\n');
            }
        }
        return new Output(namespaces, sections);
    }
}
