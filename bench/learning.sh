#!/usr/bin/env bash
# bench/learning.sh [CYCLES] [STEPS_PER_CYCLE] [GAMES...]
# The learning curve of the cycle job on MinAtar: evaluation return (30 games, epsilon 0.05) against
# agent steps, next to the random policy's return under the same protocol and next to the DQN curve of
# the MinAtar paper at the same number of frames; wall time and agent steps/s. No ROM needed.
# Defaults: 8 cycles with conf/minatar-quick.conf (4,000 agent steps each after 2,000 random ones, one
# update per step) on breakout and space_invaders. CONF=conf/minatar.conf bench/learning.sh 10 runs
# MinAtar's published settings instead; STEPS_PER_CYCLE "" keeps the conf's.
# Last line: <game>_score=<last evaluation> <game>_best_of_last_3=<n> <game>_random=<n> <game>_steps_per_s=<n> ... for each game.
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cycles="${1:-8}"
steps="${2:-}"
conf="${CONF:-$home/conf/minatar-quick.conf}"
shift $(( $# > 2 ? 2 : $# ))
games=("${@:-breakout space_invaders}")
read -r -a games <<< "${games[*]}"
store="$(mktemp -d)"
trap 'rm -rf "$store"' EXIT
(cd "$home" && mvn -B -q -ntp package -DskipTests)

# The MinAtar paper's DQN (Young & Tian 2019; the repository's img/learning_curves.gif, read off the plot,
# so about +-1 for Breakout and +-3 for Space Invaders): moving average over 100 training episodes
# (epsilon-greedy, full 6-action set, sticky actions 0.1), mean of 30 runs, at these frames.
paper() { # game frames -> return
  awk -v g="$1" -v f="$2" 'BEGIN {
    split("0 50000 100000 250000 500000 1000000", x, " ")
    if (g == "breakout") split("0.5 2 4.5 7.5 8.5 9.5", y, " ")
    else if (g == "space_invaders") split("3 6 10 20 25 30", y, " ")
    else { print "-"; exit }
    for (i = 1; i < 6; i++) if (f <= x[i + 1]) { printf "%.1f", y[i] + (y[i + 1] - y[i]) * (f - x[i]) / (x[i + 1] - x[i]); exit }
    printf "%.1f", y[6] }'
}

summary=()
for game in "${games[@]}"; do
  echo "== minatar:$game: $cycles cycles, $conf${steps:+, $steps agent steps each}"
  start=$(date +%s)
  "$home/bin/dqn" cycle --game "minatar:$game" --store "$store" --run "$game" --conf "$conf" \
    ${steps:+--set "dqn.cycle.agent-steps=$steps"} --cycles "$cycles" | grep -E '^cycle [0-9]+/[0-9]+: complete' || true
  wall=$(( $(date +%s) - start ))
  curve="$("$home/bin/dqn" sql --store "$store" --format csv \
    "SELECT cycle, agent_steps, evaluation_score, random_score FROM cycles WHERE run = '$game' ORDER BY cycle")"
  printf '%6s %12s %10s %10s %12s\n' cycle agent_steps score random paper_dqn
  last_score=0; random=0; total=0; scores=()
  while IFS=, read -r cycle agent_steps score rnd; do
    [[ "$cycle" == cycle ]] && continue
    [[ -n "$rnd" ]] && random="$rnd"
    printf '%6s %12s %10.2f %10.2f %12s\n' "$cycle" "$agent_steps" "$score" "$random" "$(paper "$game" "$agent_steps")"
    last_score="$score"; total="$agent_steps"; scores+=("$score")
  done <<< "$curve"
  rate=$(awk -v s="$total" -v w="$wall" 'BEGIN { printf "%.0f", s / w }')
  echo "minatar:$game: $total agent steps in $wall s wall ($rate agent steps/s, collect + train + evaluate)"
  # The best of the last three evaluations: one evaluation of 30 games moves by a few tenths.
  best3=$(printf '%s\n' "${scores[@]: -3}" | sort -g | tail -1)
  summary+=("${game}_score=$(printf '%.2f' "$last_score")" "${game}_best_of_last_3=$(printf '%.2f' "$best3")" "${game}_random=$(printf '%.2f' "$random")"
    "${game}_paper_dqn=$(paper "$game" "$total")" "${game}_steps=$total" "${game}_wall_s=$wall"
    "${game}_steps_per_s=$rate")
done
echo "${summary[*]}"
