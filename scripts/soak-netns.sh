#!/usr/bin/env bash
# Soak test of the netns backend: runs each lab given (default: all four) N times in a row from
# nothing to its last step, each run judged as its lab test judges it and taken under the
# machine-wide netns lock, then prints the pass count per lab. Usage: soak-netns.sh N [LAB...]
# Needs root and the packages scripts/run-all-tests.sh installs. Full per-run lines: soak-netns.log.
set -uo pipefail
cd "$(dirname "$0")/.."
runs=${1:?usage: soak-netns.sh N [LAB...]}
shift
labs=("$@")
[ ${#labs[@]} -gt 0 ] || labs=(docker-overlay-etcd ovs-gre flannel-vxlan calico-bgp)
mvn -o -q -B -pl hosts -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/test-classpath -Dmdep.includeScope=test || exit 2
cp="hosts/target/test-classes:hosts/target/classes:$(cat hosts/target/test-classpath)"
log=soak-netns.log
: > "$log"
declare -A pass
for lab in "${labs[@]}"; do
  pass[$lab]=0
  for i in $(seq 1 "$runs"); do
    out=$(flock /tmp/olab-netns.lock java -cp "$cp" org.overlaylab.hosts.netns.NetnsSoak "$lab" 2>>"$log.stderr")
    echo "run $i: $out" | tee -a "$log" | head -1
    case "$out" in "SOAK $lab PASS"*) pass[$lab]=$((pass[$lab] + 1)) ;; esac
  done
done
echo
for lab in "${labs[@]}"; do
  printf '%-20s %d of %d runs passed\n' "$lab" "${pass[$lab]}" "$runs"
done
