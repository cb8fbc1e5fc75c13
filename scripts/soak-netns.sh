#!/usr/bin/env bash
# Soak test of the netns backend: runs each lab given (default: all four) N times in a row from
# nothing to its last step, each run judged as its lab test judges it and taken under the
# machine-wide netns lock, then prints the pass count per lab. Usage: soak-netns.sh N [LAB[:N]...]
# (LAB:N runs that lab N times instead).
# Needs root and the packages scripts/run-all-tests.sh installs. Full per-run lines: target/soak-netns.log.
set -uo pipefail
cd "$(dirname "$0")/.."
runs=${1:?usage: soak-netns.sh N [LAB...]}
shift
labs=("$@")
[ ${#labs[@]} -gt 0 ] || labs=(docker-overlay-etcd ovs-gre flannel-vxlan calico-bgp)
# the app's jar carries every library the labs need; the hosts module's test classes hold the runner
mvn -o -q -B -pl app -am package -DskipTests || exit 2
mvn -o -q -B -pl hosts test-compile || exit 2
cp="hosts/target/test-classes:hosts/target/classes:app/target/overlay-lab.jar"
mkdir -p target
log=target/soak-netns.log
: > "$log"
declare -A pass count
order=()
for spec in "${labs[@]}"; do
  lab=${spec%%:*}
  n=$runs
  [ "$spec" = "$lab" ] || n=${spec#*:}
  order+=("$lab")
  pass[$lab]=0
  count[$lab]=$n
  for i in $(seq 1 "$n"); do
    out=$(flock /tmp/olab-netns.lock java -cp "$cp" org.overlaylab.hosts.netns.NetnsSoak "$lab" 2>>"$log.stderr")
    echo "run $i: $out" >> "$log"
    echo "run $i: ${out%%$'\n'*}"
    case "$out" in "SOAK $lab PASS"*) pass[$lab]=$((pass[$lab] + 1)) ;; esac
  done
done
echo
for lab in "${order[@]}"; do
  printf '%-20s %d of %d runs passed\n' "$lab" "${pass[$lab]}" "${count[$lab]}"
done
