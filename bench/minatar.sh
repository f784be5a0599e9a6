#!/usr/bin/env bash
# bench/minatar.sh [ROUNDS] [UPDATES] [JOB_UPDATES]
# The README's MinAtar training against PyTorch's, side by side in one run (see
# bench/src/main/java/org/dqnspark/bench/MinAtarBenchmark.java): our MinAtar update on 1 thread and on all
# cores, PyTorch's (bench/torch_minatar_update.py, MinAtar's own dqn.py) on 1 and on 2 threads, the train job's
# time per update on MinAtar Breakout under conf/minatar-quick.conf, and the batch-1 policy forward, ours and
# PyTorch's. Last line: minatar_job_vs_torch=<train job ms per update / PyTorch's faster update ms> ...
# Defaults: 3 rounds, 500 updates, 4,000 train job updates.
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$home/bench/torch-peer.sh"
store="$(mktemp -d)"
trap 'rm -rf "$store"' EXIT
(cd "$home" && mvn -B -q -ntp package -DskipTests)
DQN_CLASSPATH="$home/bench/target/dqn-bench.jar" DQN_MAIN=org.dqnspark.bench.MinAtarBenchmark "$home/bin/dqn" \
  "$store" "$home/bench/torch_minatar_update.py" "$home/conf/minatar-quick.conf" ${1:+--rounds "$1"} \
  ${2:+--updates "$2"} ${3:+--job-updates "$3"}
