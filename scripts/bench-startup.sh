#!/usr/bin/env bash
# Start-up benchmarks of the README's Benchmarks table, whole processes, interleaved runs, medians:
#   labs     `overlay-lab labs` started by bin/overlay-lab (class-data archive) and by java -jar
#   decode   `overlay-lab decode F > /dev/null` against `tcpdump -nn -r F > /dev/null` on a real
#            300,000-frame capture (made once by scripts/make-decode-capture.sh, as root)
#   desktop  launch to the first frame and to the first lab ready (StartupTime under Xvfb), by
#            bin/overlay-lab and by java -cp
# Needs app/target/overlay-lab.jar and its archives (mvn -q -DskipTests package).
# Usage: scripts/bench-startup.sh [RUNS] [labs|decode|desktop]...   (RUNS defaults to 9)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-9}
shift || true
what=("$@")
[ ${#what[@]} -gt 0 ] || what=(labs decode desktop)
jar=app/target/overlay-lab.jar
launcher=bin/overlay-lab
capture=target/bench/decode-300k.pcap
[ -f "$jar" ] || { echo "build first: mvn -q -DskipTests package" >&2; exit 2; }
work=$(mktemp -d)
xvfb=
trap '[ -n "$xvfb" ] && kill $xvfb 2>/dev/null; rm -rf "$work"' EXIT

# wall time of one run in ms; output discarded
wall() {
    local t0 t1
    t0=$(date +%s%N)
    "$@" >/dev/null 2>&1
    t1=$(date +%s%N)
    echo $(((t1 - t0) / 1000000))
}

stats() {
    sort -n "$1" | awk '{a[NR]=$1} END {printf "median %d ms (min %d, max %d, %d runs)\n", a[int((NR+1)/2)], a[1], a[NR], NR}'
}

# interleaved: each round runs every variant once, so a change of load hits them alike
compare() {
    local names=("$@") i n
    for ((i = 0; i < runs; i++)); do
        for n in "${names[@]}"; do
            wall bash -c "${commands[$n]}" >>"$work/$n"
        done
    done
    for n in "${names[@]}"; do
        printf '  %-44s %s\n' "${commands[$n]}" "$(stats "$work/$n")"
    done
}

declare -A commands
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores"
for w in "${what[@]}"; do
    case $w in
    labs)
        echo "overlay-lab labs, whole process:"
        commands[labs_launcher]="$launcher labs"
        commands[labs_jar]="java -jar $jar labs"
        compare labs_launcher labs_jar
        ;;
    decode)
        if [ ! -f "$capture" ]; then
            mkdir -p "$(dirname "$capture")"
            scripts/make-decode-capture.sh "$capture" 300000
        fi
        cmp -s <("$launcher" decode "$capture") <(tcpdump -nn -r "$capture" 2>/dev/null) \
            || echo "  note: decode's output differs from tcpdump's on $capture"
        echo "decode of $capture ($(du -m "$capture" | cut -f1) MB, 300,000 frames) > /dev/null, whole process:"
        commands[decode_launcher]="$launcher decode $capture"
        commands[decode_jar]="java -jar $jar decode $capture"
        commands[decode_tcpdump]="tcpdump -nn -r $capture"
        compare decode_launcher decode_jar decode_tcpdump
        ;;
    desktop)
        display=:$((200 + $$ % 500))
        Xvfb "$display" -screen 0 1600x1000x24 >/dev/null 2>&1 &
        xvfb=$!
        sleep 1
        echo "desktop launch (StartupTime, Xvfb $display):"
        for ((i = 0; i < runs; i++)); do
            DISPLAY=$display java -cp "$jar" org.overlaylab.app.ui.bench.StartupTime 1 "$launcher" | grep '^run' >>"$work/desktop_launcher"
            DISPLAY=$display java -cp "$jar" org.overlaylab.app.ui.bench.StartupTime 1 | grep '^run' >>"$work/desktop_cp"
        done
        for n in desktop_launcher desktop_cp; do
            sed -E 's/.*first frame after ([0-9]+) ms.*/\1/' "$work/$n" >"$work/$n.frame"
            sed -E 's/.*lab ready after ([0-9]+) ms.*/\1/' "$work/$n" >"$work/$n.ready"
        done
        printf '  %-44s first frame %s\n' "$launcher" "$(stats "$work/desktop_launcher.frame")"
        printf '  %-44s lab ready   %s\n' "" "$(stats "$work/desktop_launcher.ready")"
        printf '  %-44s first frame %s\n' "java -cp $jar ...Launcher" "$(stats "$work/desktop_cp.frame")"
        printf '  %-44s lab ready   %s\n' "" "$(stats "$work/desktop_cp.ready")"
        ;;
    *)
        echo "unknown benchmark '$w' (labs, decode, desktop)" >&2
        exit 2
        ;;
    esac
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
