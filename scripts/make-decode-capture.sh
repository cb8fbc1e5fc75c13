#!/usr/bin/env bash
# Makes a real capture for the decode benchmark: two scratch network namespaces joined by a veth
# pair, a VXLAN (VNI 42) over it, a ping flood and a TCP bulk transfer through the tunnel, and
# tcpdump -w on the underlay veth until it has FRAMES frames (VXLAN-wrapped ICMP, TCP and ARP).
# Usage (as root): scripts/make-decode-capture.sh OUT.pcap [FRAMES]   (FRAMES defaults to 300000)
# Holds /tmp/olab-netns.lock while the namespaces exist; removes them even when interrupted.
set -euo pipefail
out=$(realpath -m "$1")
frames=${2:-300000}
a="olab-cap$$-a"
b="olab-cap$$-b"

cleanup() {
    ip netns pids "$a" 2>/dev/null | xargs -r kill 2>/dev/null || true
    ip netns pids "$b" 2>/dev/null | xargs -r kill 2>/dev/null || true
    ip netns del "$a" 2>/dev/null || true
    ip netns del "$b" 2>/dev/null || true
}

make_capture() {
    trap cleanup EXIT INT TERM
    ip netns add "$a"
    ip netns add "$b"
    ip link add ulA netns "$a" type veth peer name ulB netns "$b"
    for side in "$a ulA 192.168.205.10 192.168.205.11 10.42.0.1" "$b ulB 192.168.205.11 192.168.205.10 10.42.0.2"; do
        set -- $side
        ip -n "$1" link set lo up
        ip -n "$1" addr add "$3/24" dev "$2"
        ip -n "$1" link set "$2" up
        ip -n "$1" link add vxlan42 type vxlan id 42 remote "$4" local "$3" dstport 4789 dev "$2"
        ip -n "$1" addr add "$5/24" dev vxlan42
        ip -n "$1" link set vxlan42 up
    done
    rm -f "$out"
    ip netns exec "$a" tcpdump -q -B 65536 -c "$frames" -w "$out" -i ulA 2>/dev/null &
    local dump=$!
    # tcpdump is listening once the file has its header
    for _ in $(seq 100); do [ -s "$out" ] && break; sleep 0.05; done
    # TCP bulk transfer through the tunnel: a sink in b, a sender in a (SACK, window scaling, timestamps)
    ip netns exec "$b" python3 -c '
import socket
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("10.42.0.2", 5001)); s.listen(1)
c, _ = s.accept()
while c.recv(1 << 16): pass
' &
    sleep 0.3
    ip netns exec "$a" python3 -c '
import socket, time
s = socket.create_connection(("10.42.0.2", 5001))
chunk = b"x" * 1400
end = time.time() + 120
while time.time() < end: s.send(chunk); time.sleep(0.0002)
' 2>/dev/null &
    # the ping flood fills the rest; tcpdump stops by itself at FRAMES frames
    ip netns exec "$a" ping -q -f -s 56 10.42.0.2 >/dev/null 2>&1 &
    wait "$dump"
    echo "$out: $frames frames, $(stat -c %s "$out") bytes"
}

exec 9>/tmp/olab-netns.lock
flock 9
make_capture
