#!/usr/bin/env bash
# Lists the classes a desktop start loads (from the fat jar, and JDK classes outside the JDK's own
# class-data archive) into app/src/main/cds/desktop-classes, which the package step loads to write
# app/target/overlay-lab-desktop.jsa. Rerun after large UI changes; a stale list only makes the
# desktop start slower, never wrong. Needs app/target/overlay-lab.jar and Xvfb.
# Usage: scripts/desktop-classlist.sh
set -euo pipefail
cd "$(dirname "$0")/.."
jar=app/target/overlay-lab.jar
out=app/src/main/cds/desktop-classes
work=$(mktemp -d)
display=:$((200 + $$ % 500))
Xvfb "$display" -screen 0 1600x1000x24 >/dev/null 2>&1 &
xvfb=$!
trap 'kill $xvfb 2>/dev/null; [ -n "${app:-}" ] && kill $app 2>/dev/null; rm -rf "$work"' EXIT
sleep 1
DISPLAY=$display java -Duser.home="$work" -Doverlaylab.startupTiming=true \
    -Xlog:class+load:file="$work/classes.log" -jar "$jar" >"$work/out" 2>/dev/null &
app=$!
# the first lab ready and a frame drawn: what a person sees when the window opens
for _ in $(seq 600); do
    grep -q "first frame" "$work/out" && grep -q "lab ready" "$work/out" && break
    sleep 0.1
done
grep -q "lab ready" "$work/out" || { echo "the desktop did not start: $(cat "$work/out")" >&2; exit 1; }
kill $app
wait $app 2>/dev/null || true
app=
{
    echo "# Classes a desktop start loads, for overlay-lab-desktop.jsa; written by scripts/desktop-classlist.sh"
    grep -E 'source: (file:|jrt:)' "$work/classes.log" | awk '{print $2}' | grep -v -E '\$\$Lambda|\$Proxy|^jdk\.internal\.reflect\.Generated'
} >"$out"
echo "$out: $(grep -vc '^#' "$out") classes"
