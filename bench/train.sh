#!/usr/bin/env bash
# bench/train.sh [ROM] [ROUNDS] [JOB_UPDATES] [BARE_UPDATES]
# The train job's updates/s against a bare DL4J fit loop of the same network and batch size, and the
# network's FLOP/s against an ND4J matrix product, side by side in one JVM (see
# org.dqnspark.app.bench.TrainBenchmark).
# Last line: train_updates_per_s=<n> overhead_ratio=<train job time / bare fit time> roofline_ratio=<n> ...
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rom="${1:-${DQN_ROMS:-$home/../shared/roms}/breakout.bin}"
store="$(mktemp -d)"
trap 'rm -rf "$store"' EXIT
(cd "$home" && mvn -B -q -ntp package -DskipTests)
DQN_MAIN=org.dqnspark.app.bench.TrainBenchmark "$home/bin/dqn" "$rom" "$store" "${2:-2}" "${3:-500}" "${4:-30}"
