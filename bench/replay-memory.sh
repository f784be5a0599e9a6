#!/usr/bin/env bash
# bench/replay-memory.sh [ROM] [TRANSITIONS] [SIDE_BY_SIDE]
# The train job's replay window of real Breakout play at full size (Nature's 1,000,000 transitions, collected
# by the bench with the random policy into a store it keeps, $DQN_BENCH_STORE or bench/target/replay-store),
# frames compressed (the default) against raw side by side on a window of SIDE_BY_SIDE transitions: bytes per
# transition in memory, window load time, minibatch assembly time, heap and resident memory, under the
# launcher's default heap (-Xmx8g) unless DQN_JAVA_OPTS says otherwise (see
# bench/src/main/java/org/dqnspark/bench/ReplayMemoryBenchmark.java).
# Last line: bytes_per_transition_in_memory=<n> window_load_s=<n> sample_ms_per_minibatch=<n> heap_used_gb=<n>
# rss_gb=<n> raw_floor_gb=<n> ... compression_ratio=<raw / compressed> sample_ratio_compressed_to_raw=<n>
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rom="${1:-${DQN_ROMS:-$home/../shared/roms}/breakout.bin}"
store="${DQN_BENCH_STORE:-$home/bench/target/replay-store}"
mkdir -p "$store"
(cd "$home" && mvn -B -q -ntp package -DskipTests)
DQN_CLASSPATH="$home/bench/target/dqn-bench.jar" DQN_MAIN=org.dqnspark.bench.ReplayMemoryBenchmark "$home/bin/dqn" \
  "$rom" "$store" ${2:+--transitions "$2"} ${3:+--side-by-side "$3"}
