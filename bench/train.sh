#!/usr/bin/env bash
# bench/train.sh [ROM] [ROUNDS] [JOB_UPDATES] [BARE_UPDATES]
# The train job's updates/s against a bare DL4J fit loop of the same network and batch size, and the
# network's FLOP/s against an ND4J matrix product, side by side in one JVM (see
# bench/src/main/java/org/dqnspark/bench/TrainBenchmark.java).
# Last line: train_updates_per_s=<n> overhead_ratio=<train job time / bare fit time> roofline_ratio=<n> ...
# Defaults: 2 rounds, 2,500 train job updates (one fit), 30 bare fit updates.
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rom="${1:-${DQN_ROMS:-$home/../shared/roms}/breakout.bin}"
store="$(mktemp -d)"
trap 'rm -rf "$store"' EXIT
(cd "$home" && mvn -B -q -ntp package -DskipTests)
DQN_CLASSPATH="$home/bench/target/dqn-bench.jar" DQN_MAIN=org.dqnspark.bench.TrainBenchmark "$home/bin/dqn" \
  "$rom" "$store" ${2:+--rounds "$2"} ${3:+--job-updates "$3"} ${4:+--bare-updates "$4"}
