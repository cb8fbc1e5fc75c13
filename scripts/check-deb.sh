#!/usr/bin/env bash
# Installs the .deb that `mvn -Ppackage package` built, as a user would: runs `OverlayLab labs` and
# starts the desktop from the installed launcher under its own Xvfb until the first frame is drawn,
# then purges the package again, leaving no trace in dpkg's list (also when a check fails). Needs root and Xvfb.
set -euo pipefail
cd "$(dirname "$0")/.."
deb=$(ls app/target/jpackage/overlaylab_*.deb)
home=$(mktemp -d)
xvfb=
desktop=
cleanup() {
  [ -z "$desktop" ] || kill "$desktop" 2>/dev/null || true
  [ -z "$xvfb" ] || kill "$xvfb" 2>/dev/null || true
  dpkg -P overlaylab >/dev/null 2>&1 || true
  rm -rf "$home"
}
trap cleanup EXIT
export DEBIAN_FRONTEND=noninteractive
apt-get install -y -q --no-install-recommends "./$deb" >/dev/null
launcher=/opt/overlaylab/bin/OverlayLab
"$launcher" labs | grep -q '^docker-overlay-etcd ' || { echo "check-deb: 'OverlayLab labs' did not list the built-in labs" >&2; exit 1; }
echo "check-deb: installed $deb; 'OverlayLab labs' lists the built-in labs"
Xvfb :93 -screen 0 1366x768x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
sleep 1
DISPLAY=:93 JAVA_TOOL_OPTIONS="-Doverlaylab.startupTiming=true -Duser.home=$home" "$launcher" > "$home/desktop.log" 2>&1 &
desktop=$!
for _ in $(seq 1 240); do
  if grep -q "first frame after" "$home/desktop.log"; then
    echo "check-deb: the installed desktop drew its $(grep -m1 -o 'first frame after [0-9]* ms' "$home/desktop.log")"
    exit 0
  fi
  kill -0 "$desktop" 2>/dev/null || break
  sleep 0.5
done
echo "check-deb: the installed desktop drew no frame within 120 s; its output:" >&2
cat "$home/desktop.log" >&2
exit 1
