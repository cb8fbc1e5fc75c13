#!/usr/bin/env bash
# Netns bring-up benchmark: builds the hosts module's test classes and runs
# NetnsBringUpBenchmark, which brings each built-in lab (or the lab ids given) up on the real
# kernel, runs it to its last step, measures the memory of its processes and tears it down.
# Needs root and the packages scripts/run-all-tests.sh installs.
set -euo pipefail
cd "$(dirname "$0")/.."
# One reactor build, so the classpath points at the sibling modules' fresh target/classes.
mvn -q -B -pl hosts -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/test-classpath -Dmdep.includeScope=test
exec java -cp "hosts/target/test-classes:hosts/target/classes:$(cat hosts/target/test-classpath)" \
  org.overlaylab.hosts.bench.NetnsBringUpBenchmark "$@"
