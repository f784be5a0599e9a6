#!/usr/bin/env bash
# bench/kill-tests.sh [RUNS] [LOAD_PROCESSES]
# Runs the kill test (CycleJobTest's kill -9 during collect, inside collect's commit, during train and
# during evaluate, then the resume) RUNS times in a row while LOAD_PROCESSES CPU-bound processes
# (`sha256sum /dev/zero`, one core each) load the machine, and counts the runs that pass.
# Defaults: 20 runs, 1 loading process. Each run is one `mvn -pl app -am test` filtered to the one test (the modules come from this tree).
# Last line: kill_test_runs=<n> kill_test_passed=<n> load_processes=<n> mean_seconds=<n>
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${1:-20}"
load="${2:-1}"
logs="$(mktemp -d)"
(cd "$home" && mvn -B -q -ntp package -DskipTests)

loaders=()
for _ in $(seq 1 "$load"); do
  sha256sum /dev/zero & loaders+=("$!")
done
trap 'kill "${loaders[@]}" 2>/dev/null || true' EXIT

passed=0
total_seconds=0
for run in $(seq 1 "$runs"); do
  start=$(date +%s)
  if (cd "$home" && mvn -B -q -ntp -o -pl app -am test -Dtest='CycleJobTest#aCycleKilled*' \
        -Dsurefire.failIfNoSpecifiedTests=false >"$logs/run-$run.log" 2>&1); then
    passed=$((passed + 1)); verdict=pass
  else
    verdict="FAIL (log: $logs/run-$run.log)"
  fi
  seconds=$(( $(date +%s) - start ))
  total_seconds=$((total_seconds + seconds))
  echo "run $run/$runs: $verdict in ${seconds} s, load average $(cut -d' ' -f1 /proc/loadavg)"
done
echo "kill_test_runs=$runs kill_test_passed=$passed load_processes=$load mean_seconds=$((total_seconds / runs))"
