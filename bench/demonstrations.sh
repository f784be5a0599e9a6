#!/usr/bin/env bash
# bench/demonstrations.sh [CYCLES] [EPISODES]
# Deep Q-learning from Demonstrations (Hester et al. 2018) against DQN from scratch on MinAtar Breakout. A
# scripted expert (bench/src/main/java/org/dqnspark/bench/BreakoutExpert.java) plays EPISODES episodes (each
# capped at 500 agent steps), recorded as a person's play (source = human) into two runs:
#   dqfd       pre-trained with DQfD's loss (conf/minatar-dqfd.conf), then CYCLES cycles with the
#              demonstrations kept in replay;
#   dqn_demos  the same with supervised-weight = 0: DQN's TD losses alone (1-step and n-step) on the same data;
# and a third run without demonstrations:
#   scratch    DQN from scratch, CYCLES cycles of conf/minatar-quick.conf (the README's first command).
# Every cycle plays the conf's 4,000 agent steps and does one update per agent step; scratch's first cycle also
# plays the 2,000 random replay-start steps, the demonstration runs pre-train instead
# (dqn.demonstrations.pretrain-updates). Each evaluation: 30 games at epsilon 0.05 with MinAtar's sticky actions.
# Prints the curves side by side (cycle 0 = after pre-training) with the expert's and the random policy's scores.
# Last line: expert=<n> random=<n> dqfd_pretrained=<n> dqfd_final=<n> dqn_demos_pretrained=<n>
#   dqn_demos_final=<n> scratch_final=<n> ...
# Defaults: 4 cycles, 100 episodes. PLOT=FILE.png also draws the three runs' evaluation scores per cycle
# (dqn plot) before the store is removed.
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cycles="${1:-4}"
episodes="${2:-100}"
store="$(mktemp -d)"
trap 'rm -rf "$store"' EXIT
(cd "$home" && mvn -B -q -ntp package -DskipTests)
dqn="$home/bin/dqn"
game=(--game minatar:breakout)
expert() {
  DQN_CLASSPATH="$home/bench/target/dqn-bench.jar" DQN_MAIN=org.dqnspark.bench.ExpertDemonstrationsCommand "$dqn" \
    --conf "$home/conf/minatar-dqfd.conf" "$@"
}
score_of() { # run evaluation -> mean score
  "$dqn" sql --store "$store" --format csv "SELECT round(avg(score), 2) AS s FROM evaluations WHERE run = '$1'
    AND evaluation = $2" | grep -v "^$" | tail -1
}

start=$(date +%s)
scores="$(expert | tail -1)"
echo "expert and random policy under the evaluation protocol: $scores"
declare -A wall
for run in dqfd dqn_demos; do
  echo "== $run: $episodes expert episodes, pre-training, $cycles cycles"
  t0=$(date +%s)
  expert --store "$store" --run "$run" --episodes "$episodes" | grep -E '^recorded'
  sets=()
  [[ "$run" == dqn_demos ]] && sets=(--set dqn.demonstrations.supervised-weight=0)
  "$dqn" train --store "$store" --run "$run" --pretrain --conf "$home/conf/minatar-dqfd.conf" "${sets[@]}" \
    | grep -E 'epoch [0-9]+:|done:'
  "$dqn" evaluate --store "$store" --run "$run" "${game[@]}" --conf "$home/conf/minatar-dqfd.conf" "${sets[@]}" \
    | tail -1
  "$dqn" cycle "${game[@]}" --store "$store" --run "$run" --conf "$home/conf/minatar-dqfd.conf" "${sets[@]}" \
    --cycles "$cycles" | grep -E '^cycle [0-9]+/[0-9]+: complete' || true
  wall[$run]=$(( $(date +%s) - t0 ))
done
echo "== scratch: $cycles cycles of DQN"
t0=$(date +%s)
"$dqn" cycle "${game[@]}" --store "$store" --run scratch --conf "$home/conf/minatar-quick.conf" --cycles "$cycles" \
  | grep -E '^cycle [0-9]+/[0-9]+: complete' || true
wall[scratch]=$(( $(date +%s) - t0 ))

curve() { # run -> "cycle,agent_steps,total_updates,score" lines
  "$dqn" sql --store "$store" --format csv "SELECT cycle, agent_steps, total_updates, round(evaluation_score, 2) FROM cycles
    WHERE run = '$1' ORDER BY cycle" | tail -n +2 | grep -v '^$' || true
}
pretrained_updates() {
  "$dqn" sql --store "$store" --format csv "SELECT max(total_updates) FROM training WHERE run = '$1'
    AND phase = 'pretrain'" | grep -v "^$" | tail -1
}
dqfd_pre=$(score_of dqfd 0); demos_pre=$(score_of dqn_demos 0)
echo
printf '%6s %12s %14s %10s %12s %14s %10s\n' cycle agent_steps updates_dqfd dqfd dqn_demos updates_scratch scratch
printf '%6s %12s %14s %10s %12s %14s %10s\n' 0 0 "$(pretrained_updates dqfd)" "$dqfd_pre" "$demos_pre" 0 -
mapfile -t a < <(curve dqfd); mapfile -t b < <(curve dqn_demos); mapfile -t c < <(curve scratch)
for ((i = 0; i < ${#a[@]}; i++)); do
  IFS=, read -r cycle steps updates dqfd <<< "${a[$i]}"
  IFS=, read -r _ _ _ demos <<< "${b[$i]:-,,,-}"
  IFS=, read -r _ scratch_steps scratch_updates scratch <<< "${c[$i]:-,,,-}"
  printf '%6s %12s %14s %10s %12s %14s %10s\n' "$cycle" "$steps" "$updates" "$dqfd" "$demos" "$scratch_updates" "$scratch"
  dqfd_final=$dqfd; demos_final=$demos; scratch_final=$scratch; scratch_total=$scratch_steps
done
echo "agent steps of own play: dqfd and dqn_demos $steps each (besides the expert's demonstrations), scratch $scratch_total (2,000 of them random)"
echo "wall: dqfd ${wall[dqfd]} s, dqn_demos ${wall[dqn_demos]} s, scratch ${wall[scratch]} s; all $(( $(date +%s) - start )) s"
if [[ -n "${PLOT:-}" ]]; then
  "$dqn" plot --store "$store" --run dqfd,dqn_demos,scratch --fields cycles.evaluation_score --x cycle --out "$PLOT"
fi
echo "$scores dqfd_pretrained=$dqfd_pre dqfd_final=$dqfd_final dqn_demos_pretrained=$demos_pre dqn_demos_final=$demos_final scratch_final=$scratch_final cycles=$cycles episodes=$episodes"
