#!/usr/bin/env bash
# Records what a desktop start loads into app/src/main/cds/desktop.classlist: the JVM's own list
# (-XX:DumpLoadedClassList) of every class and lambda the app loads from launch until the first
# lab is ready and a frame is drawn. The package step archives them (-Xshare:dump) into
# app/target/overlay-lab-desktop.jsa. Rerun after large UI changes: a stale list only makes the
# desktop start slower (the dump skips what no longer exists), never wrong.
# Needs app/target/overlay-lab.jar and Xvfb.  Usage: scripts/desktop-classlist.sh
set -euo pipefail
cd "$(dirname "$0")/.."
jar=app/target/overlay-lab.jar
out=app/src/main/cds/desktop.classlist
work=$(mktemp -d)
display=:$((200 + $$ % 500))
Xvfb "$display" -screen 0 1600x1000x24 >/dev/null 2>&1 &
xvfb=$!
app=
trap 'kill $xvfb 2>/dev/null; [ -n "$app" ] && kill $app 2>/dev/null; rm -rf "$work"' EXIT
sleep 1
DISPLAY=$display java -Duser.home="$work" -Doverlaylab.startupTiming=true \
    -XX:DumpLoadedClassList="$work/classlist" -jar "$jar" >"$work/out" 2>/dev/null &
app=$!
for _ in $(seq 600); do
    grep -q "first frame" "$work/out" && grep -q "lab ready" "$work/out" && break
    sleep 0.1
done
grep -q "lab ready" "$work/out" || { echo "the desktop did not start: $(cat "$work/out")" >&2; exit 1; }
kill $app
wait $app 2>/dev/null || true
app=
{
    echo "# What a desktop start loads, for overlay-lab-desktop.jsa; written by scripts/desktop-classlist.sh"
    grep -v '^#' "$work/classlist"
} >"$out"
echo "$out: $(grep -vc '^[#@]' "$out") classes, $(grep -c '^@lambda-proxy' "$out") lambdas"
