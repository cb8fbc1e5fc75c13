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

# First the whole build with the installers (jpackage's app image and .deb), tests left for later.
# Then the tests: the hosts module's (real namespaces and daemons, most of their time spent waiting
# on dockerd, etcd and timeouts) in one Maven beside every other module's in another, which nearly
# halves the wall time on two cores; each lab run has namespaces, folders and daemons of its own.
# A test that fails is run once more, and a second failure fails the run. Last, the .deb installed,
# started and removed as a user would. Two runs on one machine would fight over the .deb and the
# SSH test hosts, so a run waits for the machine-wide lab lock; the lock is held by flock itself
# (-o), never by a daemon a test leaves behind.
LOCK=/tmp/olab-netns.lock
if ! flock -n "$LOCK" true; then
  echo "run-all-tests: another lab run holds $LOCK; waiting for it (at most 40 minutes)"
fi
flock -o -w 2400 "$LOCK" bash -c '
  set -uo pipefail
  mvn -B -Ppackage install -DskipTests || exit 1
  tests="-B -Dsurefire.rerunFailingTestsCount=1 surefire:test"
  hosts_log=hosts/target/hosts-tests.log
  echo "run-all-tests: the hosts module'"'"'s tests run in the background; their log: $hosts_log"
  mvn $tests -pl hosts >"$hosts_log" 2>&1 &
  hosts_pid=$!
  mvn $tests -pl model,assets,labfile,packets,simulator,app
  others=$?
  wait $hosts_pid
  hosts=$?
  echo "run-all-tests: the hosts module'"'"'s tests:"
  grep -E "Tests run:|FAIL|ERROR|Flake" "$hosts_log" | grep -v "^\[INFO\] Running" | tail -60
  if [ $hosts != 0 ]; then tail -150 "$hosts_log"; fi
  [ $others = 0 ] && [ $hosts = 0 ] || { echo "run-all-tests: FAILED (hosts: $hosts, the other modules: $others)"; exit 1; }
  bash scripts/check-deb.sh
'
