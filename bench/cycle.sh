#!/usr/bin/env bash
# bench/cycle.sh [ROM] [AGENT_STEPS] [ROUNDS]
# The training loop at Nature's schedule against its own update (issue 19, goal 2): one cycle of dqn cycle on
# Breakout (one update per 4 agent steps, epsilon at its final 0.1 from the start so the snapshot chooses on
# every step) timed without its replay start and its evaluation, and the Nature network's full update (online
# forward and backward, target forward, optimizer step; UpdateBenchmark's "fast update") measured in the same
# run, before and after the cycle.
#   loop_efficiency = (agent steps/s / 4) / (1000 / update ms)
# the share of the loop's time that is the update's own arithmetic. The seed's simple_dqn did 366 agent
# steps/s on a Titan X.
# Cycle 1 collects the random replay start (AGENT_STEPS / 2) and AGENT_STEPS more and trains; cycle 2, the one
# timed, collects AGENT_STEPS with cycle 1's snapshot and does AGENT_STEPS / 4 updates.
# Last line: cycle_agent_steps_per_s=<n> loop_efficiency=<n> update_ms=<n> collect_s=<n> train_s=<n> ...
# Defaults: 20,000 agent steps (5,000 updates), 3 rounds of the update.
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rom="${1:-${DQN_ROMS:-$home/../shared/roms}/breakout.bin}"
steps="${2:-20000}"
rounds="${3:-3}"
store="$(mktemp -d)"
trap 'rm -rf "$store"' EXIT
(cd "$home" && mvn -B -q -ntp package -DskipTests)
update_ms() {
  DQN_CLASSPATH="$home/bench/target/dqn-bench.jar" DQN_MAIN=org.dqnspark.bench.UpdateBenchmark "$home/bin/dqn" \
    --rounds "$rounds" | tee /dev/stderr | sed -n 's/^fast update: *\([0-9.]*\) ms.*/\1/p'
}
before=$(update_ms)
"$home/bin/dqn" cycle --rom "$rom" --store "$store" --run loop --cycles 2 \
  --set "dqn.cycle.agent-steps=$steps" --set "dqn.train.replay-start-size=$(( steps / 2 ))" \
  --set dqn.exploration.initial=0.1 --set dqn.evaluate.games=4 | grep -E '^cycle [0-9]+/[0-9]+: complete'
after=$(update_ms)
row="$("$home/bin/dqn" sql --store "$store" --format csv "SELECT collected_agent_steps, updates, collect_seconds,
  train_seconds FROM cycles WHERE run = 'loop' AND cycle = 2" | grep -v '^$' | tail -1)"
IFS=, read -r collected updates collect_s train_s <<< "$row"
awk -v n="$collected" -v u="$updates" -v c="$collect_s" -v t="$train_s" -v b="$before" -v a="$after" 'BEGIN {
  update = (b + a) / 2
  rate = n / (c + t)
  printf "cycle 2: %d agent steps, %d updates in %.1f s (collect %.1f s, train %.1f s: %.1f ms per update)\n",
    n, u, c + t, c, t, 1000 * t / u
  printf "the full update: %.1f ms before the cycle, %.1f ms after\n", b, a
  printf "cycle_agent_steps_per_s=%.1f loop_efficiency=%.3f update_ms=%.2f job_ms_per_update=%.2f collect_s=%.1f train_s=%.1f vs_titan_x=%.3f\n",
    rate, (rate / 4) / (1000 / update), update, 1000 * t / u, c, t, rate / 366 }'
