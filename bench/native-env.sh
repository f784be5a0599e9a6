#!/usr/bin/env bash
# bench/native-env.sh [ROUNDS] [UPDATES]
# What the native settings of conf/jvm.properties (dqn.native.env.*) do, side by side: fresh processes
# without them, with them, and with DL4J's layer helpers enabled too, for our stock DQN update, a batch-1
# forward and the gemm roofline, and for the PyTorch peer (see
# bench/src/main/java/org/dqnspark/bench/NativeEnvBenchmark.java). Defaults: 3 rounds, 15 updates.
# Needs what bench/compute.sh installs (python3-torch).
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
(cd "$home" && mvn -B -q -ntp package -DskipTests)
DQN_CLASSPATH="$home/bench/target/dqn-bench.jar" DQN_MAIN=org.dqnspark.bench.NativeEnvBenchmark "$home/bin/dqn" \
  "$home/bench/torch_dqn_update.py" ${1:+--rounds "$1"} ${2:+--updates "$2"}
