#!/usr/bin/env bash
# bench/compute.sh [ROM] [ROUNDS] [UPDATES] [JOB_UPDATES] [ACTORS] [UPDATES_PER_FIT]
# The Nature network's compute, side by side in one run (see
# bench/src/main/java/org/dqnspark/bench/ComputeBenchmark.java): the roofline (Nd4j.gemm), our full DQN update,
# PyTorch's (bench/torch_dqn_update.py, same threads), the train job's updates/s, and policy forwards of batch
# 1 and of one state per actor.
# Last line: job_vs_update=<n> job_overhead_cpu_ms=<n> sampling_cpu_ms=<n> update_gflops=<n> roofline_ratio=<n>
# torch_ratio=<our update ms / PyTorch's ms> ...
# Defaults: 3 rounds, 20 updates, 2,500 train job updates, 2 actors, the conf's updates per fit (2,500).
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rom="${1:-${DQN_ROMS:-$home/../shared/roms}/breakout.bin}"
source "$home/bench/torch-peer.sh"
store="$(mktemp -d)"
trap 'rm -rf "$store"' EXIT
(cd "$home" && mvn -B -q -ntp package -DskipTests)
DQN_CLASSPATH="$home/bench/target/dqn-bench.jar" DQN_MAIN=org.dqnspark.bench.ComputeBenchmark "$home/bin/dqn" \
  "$rom" "$store" "$home/bench/torch_dqn_update.py" ${2:+--rounds "$2"} ${3:+--updates "$3"} \
  ${4:+--job-updates "$4"} ${5:+--actors "$5"} ${6:+--updates-per-fit "$6"}
