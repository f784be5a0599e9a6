#!/usr/bin/env bash
# bench/update.sh [ROUNDS]
# One DQN update of the Nature network (batch 32) with DL4J's stock layers and with ours (FastConvolutionLayer
# and the other fast layers), alternating in one JVM (see bench/src/main/java/org/dqnspark/bench/UpdateBenchmark.java).
# Default: 5 rounds. Last line: stock/fast = <stock update ms / fast update ms>
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
(cd "$home" && mvn -B -q -ntp package -DskipTests)
DQN_CLASSPATH="$home/bench/target/dqn-bench.jar" DQN_MAIN=org.dqnspark.bench.UpdateBenchmark "$home/bin/dqn" \
  ${1:+--rounds "$1"}
