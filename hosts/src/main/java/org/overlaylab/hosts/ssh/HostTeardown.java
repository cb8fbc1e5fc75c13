/*
 * What the ssh backend undoes on a host, and only that: before the first step it records what the
 * host already has (the baseline, kept on the host in <workdir>/baseline so a later run can clean
 * up after a crashed one); reset() and close() then remove what appeared since and restore what
 * the lab changed:
 *
 *   1. containers and Docker networks created since the baseline (docker rm -f, network rm),
 *      while the lab's daemon still answers;
 *   2. Open vSwitch bridges that were not there (ovs-vsctl del-br);
 *   3. processes: every daemon the backend started (<workdir>/daemons/*.pid) and every process
 *      in a session of the lab's commands (<workdir>/sessions: `nohup ./etcd &`, `sudo docker
 *      daemon ...`), with their descendants: SIGTERM, then SIGKILL after 3 s;
 *   4. network devices that were not there (ip link del: veth pairs, vxlan and flannel devices,
 *      docker_gwbridge, cali* ...), and the underlay NIC's MAC, ARP flag and addresses as they were;
 *   5. routes of the main table and iptables chains that were not there;
 *   6. system services that ran and were stopped by the lab (systemctl start docker);
 *   7. /run/flannel and /run/calico when the lab made them, and the workdir itself.
 *
 * Nothing else is touched: images stay, sysctls stay, files the lab wrote outside its working
 * directory (say /usr/local/bin/calicoctl) stay.
 */
package org.overlaylab.hosts.ssh;

import java.io.IOException;
import java.time.Duration;
import org.overlaylab.hosts.exec.Exec;

final class HostTeardown {
    private static final Duration DEADLINE = Duration.ofSeconds(90);
    /** The file that says a workdir is the backend's, so removing it can never hit anything else. */
    static final String MARKER = ".overlaylab-ssh";

    private HostTeardown() {}

    private static final String FUNCTIONS = """
            section() { awk -v s="$1" '/^@@ /{on=($2==s); next} on' "$B"; }
            links() { ip -o link show | awk -F': ' '{sub(/@.*/, "", $2); print $2}'; }
            routes() { ip route show | sed -E 's/ (linkdown|dead)//g; s/[[:space:]]+$//'; }
            docker_up() { [ -S /var/run/docker.sock ] && timeout 10 docker version >/dev/null 2>&1; }
            created() { date -d "$(docker $1 inspect -f '{{.Created}}' "$2" 2>/dev/null)" +%s 2>/dev/null || echo 0; }
            """;

    /** Records the baseline; `nic` is the underlay device whose MAC and addresses are kept. */
    static void record(SshHost h) throws IOException {
        String w = h.workDir();
        String script = "set +e\nW=" + Exec.quote(w) + "\nB=\"$W/baseline\"\nD=" + Exec.quote(h.spec().underlayInterface()) + "\n"
                + FUNCTIONS + """
                T="$B.new"; : > "$T"
                { echo '@@ time'; date -u +%s
                  echo '@@ links'; links
                  echo '@@ routes'; routes
                  echo '@@ chains'; iptables -w -S 2>/dev/null | awk '$1=="-N"{print $2}'
                  if docker_up; then
                    echo '@@ containers'; docker ps -aq --no-trunc
                    echo '@@ networks'; docker network ls -q --no-trunc
                  fi
                  if [ -S /run/openvswitch/db.sock ]; then echo '@@ bridges'; ovs-vsctl --timeout=5 list-br; fi
                  echo '@@ services'
                  for s in docker openvswitch-switch; do systemctl is-active --quiet "$s" 2>/dev/null && echo "$s"; done
                  echo '@@ files'
                  for f in /run/flannel /run/calico; do [ -e "$f" ] && echo "$f"; done
                  echo '@@ nic'
                  if [ -e "/sys/class/net/$D" ]; then
                    echo "mac $(cat "/sys/class/net/$D/address")"
                    ip -o -4 addr show dev "$D" | awk '{print "addr", $4}'
                  fi
                } >> "$T"
                mv "$T" "$B"
                """;
        h.rootCheck(script, DEADLINE);
    }

    /** The first part of undoing, which needs the lab's daemons still running: steps 1 and 2. */
    static String undoContainers(SshHost h) throws IOException {
        return h.rootCheck(prelude(h) + """
                if [ -f "$B" ]; then
                  T0=$(section time)
                  # 1. containers and networks the lab made, while its daemon still answers
                  if docker_up; then
                    for c in $(docker ps -aq --no-trunc); do
                      section containers | grep -qx "$c" && continue
                      [ "$(created container "$c")" -ge "$T0" ] || continue
                      n=$(docker inspect -f '{{.Name}}' "$c" 2>/dev/null)
                      docker rm -f "$c" >/dev/null 2>&1 && echo "removed container ${n#/}"
                    done
                    for n in $(docker network ls -q --no-trunc); do
                      section networks | grep -qx "$n" && continue
                      [ "$(created network "$n")" -ge "$T0" ] || continue
                      name=$(docker network inspect -f '{{.Name}}' "$n" 2>/dev/null)
                      case "$name" in bridge|host|none) continue ;; esac
                      docker network rm "$n" >/dev/null 2>&1 && echo "removed Docker network $name"
                    done
                  fi
                  # 2. Open vSwitch bridges the lab made
                  if [ -S /run/openvswitch/db.sock ]; then
                    for b in $(ovs-vsctl --timeout=5 list-br 2>/dev/null); do
                      section bridges | grep -qx "$b" || { ovs-vsctl --timeout=5 del-br "$b" && echo "removed OVS bridge $b"; }
                    done
                  fi
                fi
                true
                """, DEADLINE);
    }

    private static String prelude(SshHost h) {
        return "set +e\nW=" + Exec.quote(h.workDir()) + "\nB=\"$W/baseline\"\nD=" + Exec.quote(h.spec().underlayInterface()) + "\n"
                + "MARKER=" + Exec.quote(MARKER) + "\n" + FUNCTIONS;
    }

    /**
     * Undoes what the lab did since the baseline in the workdir (nothing when there is none) and
     * removes the workdir when it carries the marker. Returns one line per thing it removed. On a
     * lab of several hosts, run {@link #undoContainers} on all of them first: removing a container
     * of a global network needs the cluster store, whose members the rest of this ends.
     */
    static String undo(SshHost h) throws IOException {
        return undoContainers(h) + undoRest(h);
    }

    /** Steps 3 to 7, once the containers are gone. */
    static String undoRest(SshHost h) throws IOException {
        return h.rootCheck(prelude(h) + """
                # 3. the daemons the backend started and every process of the lab's command sessions
                roots=""
                for f in "$W"/daemons/*.pid; do [ -f "$f" ] && roots="$roots $(cat "$f")"; done
                if [ -f "$W/sessions" ]; then
                  sids=$(sort -u "$W/sessions" | tr '\\n' ' ')
                  roots="$roots $(ps -e -o pid= -o sid= | awk -v s=" $sids" 'index(s, " " $2 " ") {print $1}')"
                fi
                self=$$
                all=$(ps -e -o pid= -o ppid= | awk -v roots="$roots" -v self="$self" '
                  BEGIN { n = split(roots, r, " "); for (i = 1; i <= n; i++) keep[r[i]] = 1 }
                  { parent[$1] = $2 }
                  END {
                    changed = 1
                    while (changed) { changed = 0; for (p in parent) if (!(p in keep) && (parent[p] in keep)) { keep[p] = 1; changed = 1 } }
                    for (k in keep) if (k != self && (k in parent)) print k
                  }')
                if [ -n "$all" ]; then
                  kill -TERM $all 2>/dev/null
                  for i in $(seq 30); do
                    left=""; for p in $all; do [ -e "/proc/$p" ] && left="$left $p"; done
                    [ -z "$left" ] && break; sleep 0.1
                  done
                  [ -n "$left" ] && kill -KILL $left 2>/dev/null
                  echo "ended processes:$(echo $all | tr '\\n' ' ')"
                fi
                if [ -f "$B" ]; then
                  # 4. devices the lab made, and the underlay NIC as it was
                  for l in $(links); do
                    section links | grep -qx "$l" || { ip link del "$l" 2>/dev/null && echo "removed device $l"; }
                  done
                  mac=$(section nic | awk '$1=="mac"{print $2}')
                  if [ -n "$mac" ] && [ -e "/sys/class/net/$D" ]; then
                    [ "$(cat "/sys/class/net/$D/address")" = "$mac" ] || { ip link set "$D" address "$mac" && echo "restored the MAC of $D"; }
                    ip link set "$D" arp on up
                    for a in $(section nic | awk '$1=="addr"{print $2}'); do
                      ip -o -4 addr show dev "$D" | grep -q " $a " || { ip addr add "$a" dev "$D" && echo "restored $a on $D"; }
                    done
                  fi
                  # 5. routes and iptables chains the lab added
                  routes | while read -r r; do
                    section routes | grep -qxF "$r" || { ip route del $r 2>/dev/null && echo "removed route $r"; }
                  done
                  for c in $(iptables -w -S 2>/dev/null | awk '$1=="-N"{print $2}'); do
                    section chains | grep -qx "$c" && continue
                    for b in INPUT FORWARD OUTPUT; do while iptables -w -D "$b" -j "$c" 2>/dev/null; do :; done; done
                    iptables -w -F "$c" && iptables -w -X "$c" && echo "removed iptables chain $c"
                  done
                  # 6. services the lab stopped
                  for s in $(section services); do
                    systemctl is-active --quiet "$s" || { systemctl start "$s" && echo "started $s again"; }
                  done
                  # 7. files the lab made in /run
                  for f in /run/flannel /run/calico; do
                    [ -e "$f" ] && ! section files | grep -qx "$f" && rm -rf "$f" && echo "removed $f"
                  done
                fi
                if [ -f "$W/$MARKER" ]; then rm -rf --one-file-system "$W"; fi
                true
                """, DEADLINE);
    }
}
