#!/usr/bin/env bash
# Runs every OverlayLab test, the ones that need real components included: installs the Debian
# packages those tests use (etcd, Docker, Open vSwitch, BIRD, sshd, tcpdump, tshark...), then runs
# the whole Maven build with the native installers, and installs, starts and removes the .deb. Tests
# that need root bring up their own namespaces and daemons and remove them afterwards. Run as root on Debian 12; `mvn -Pfast test` runs the quick set without any of this.
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES=(
  tcpdump tshark libpcap0.8
  etcd-server etcd-client
  docker.io
  openvswitch-switch openvswitch-common
  busybox-static bird2 openssh-server
  iproute2 iptables ethtool iputils-ping bridge-utils procps psmisc util-linux jq
  libgtk-3-0 xvfb
  fakeroot binutils
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "run-all-tests: these Debian packages are missing and installing them needs root: ${missing[*]}" >&2
    exit 1
  fi
  echo "run-all-tests: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

if [ "$(id -u)" != 0 ]; then
  echo "run-all-tests: not root, so the tests that need network namespaces are left out" >&2
  exec mvn -B -DexcludedTestGroups=netns,ssh test
fi

# the whole build with the installers (jpackage's app image and .deb), then the .deb installed,
# started and removed as a user would. Two runs on one machine would sweep each other's lab
# namespaces and fight over the .deb, so a run waits for the machine-wide lab lock; the lock is
# held by flock itself (-o), never by a daemon a test leaves behind.
LOCK=/tmp/olab-netns.lock
if ! flock -n "$LOCK" true; then
  echo "run-all-tests: another lab run holds $LOCK; waiting for it (at most 40 minutes)"
fi
flock -o -w 2400 "$LOCK" bash -c 'mvn -B -Ppackage verify && bash scripts/check-deb.sh'
