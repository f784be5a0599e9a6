#!/usr/bin/env bash
# bench/collect.sh [ROM] [ROUNDS] [JOB_STEPS] [ACTORS]
# The collector's throughput against raw ALE speed, measured side by side in one JVM (see
# bench/src/main/java/org/dqnspark/bench/CollectBenchmark.java), and the bytes each transition takes on disk.
# Last line: collector_ratio=<collector fps per core / raw fps> bytes_per_transition=<n> ...
# collector_ratio_one_actor=<the same job with one actor / raw fps>. Defaults: 5 rounds (the median of
# five rounds rides out more of this machine's drift than three), 60,000 steps per job, 2 actors.
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rom="${1:-${DQN_ROMS:-$home/../shared/roms}/breakout.bin}"
store="$(mktemp -d)"
trap 'rm -rf "$store"' EXIT
(cd "$home" && mvn -B -q -ntp package -DskipTests)
DQN_CLASSPATH="$home/bench/target/dqn-bench.jar" DQN_MAIN=org.dqnspark.bench.CollectBenchmark "$home/bin/dqn" \
  "$rom" "$store" ${2:+--rounds "$2"} ${3:+--job-steps "$3"} ${4:+--actors "$4"}
