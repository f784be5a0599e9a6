#!/usr/bin/env bash
# bench/kill-resume.sh [N]
# Kills `dqn cycle` N times with SIGKILL at random moments spread over all its stages (about 3/4 of them on
# MinAtar Breakout, 1/4 on Atari Breakout when $DQN_ROMS/breakout.bin is there), and once more at each
# injection point inside each commit (-Ddqn.pause-at=commit.<name>.renamed@<k>: after the plan, after each
# rename), resuming each time; then stops it twice with SIGINT and twice with SIGTERM per game, timing the
# stop and checking its exit code (130 / 143) and that nothing is left in _staging. Every killed run is run
# to completion and counted with DuckDB's Parquet reader (bench StoreCount, no code shared with Spark's
# writer) against a clean run of the same settings.
# Default N: 20. Takes about 35 minutes on 2 cores. KILL_RESUME_PARTS=signals runs the clean runs and
# the SIGINT/SIGTERM stops only (=kills: the SIGKILLs only).
# Last line: kills=<N> injection_kills=<n> resumed=<n> lost_transitions=<n> duplicated_transitions=<n>
#   lost_snapshots=<n> inconsistent_runs=<n> sigint_stops=<n> sigint_exit_130=<n> sigterm_stops=<n>
#   sigterm_exit_143=<n> staging_left=<n> max_stop_s=<x>
set -uo pipefail
# Job control: background jobs of a script otherwise start with SIGINT ignored, and a JVM started so
# never sees Ctrl-C (it keeps the inherited disposition); see also env --default-signal in start().
set -m
parts="${KILL_RESUME_PARTS:-kills,signals}"
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
kills="${1:-20}"
work="$(mktemp -d /tmp/kill-resume.XXXXXX)"
(cd "$home" && mvn -B -q -ntp package -DskipTests) || exit 1
dqn="$home/bin/dqn"
count() { DQN_MAIN=org.dqnspark.bench.StoreCount \
  DQN_CLASSPATH="$home/bench/target/dqn-bench.jar:$(ls "$home"/bench/target/duckdb/*.jar)" "$dqn" "$@"; }
field() { sed -n "s/.*\b$2=\([0-9]*\).*/\1/p" <<<"$1"; }

minatar_args=(--game minatar:breakout --conf "$home/conf/minatar.conf" --cycles 4
  --set dqn.cycle.agent-steps=1000 --set dqn.train.replay-start-size=500 --set dqn.train.update-frequency=25
  --set dqn.exploration.final-agent-step=4000 --set dqn.train.updates-per-fit=10
  --set dqn.train.held-out-states=100 --set dqn.evaluate.games=4
  --set dqn.environment.evaluation-max-frames-per-episode=2000)
atari_args=(--rom "${DQN_ROMS:-$home/../shared/roms}/breakout.bin" --conf "$home/conf/smoke.conf" --cycles 2
  --set dqn.evaluate.games=2)
points=(commit.collect.renamed@0 commit.collect.renamed@1 commit.collect.renamed@2 commit.collect.renamed@3
  commit.epoch.renamed@0 commit.epoch.renamed@1 commit.epoch.renamed@2
  commit.evaluate.renamed@0 commit.evaluate.renamed@1 commit.evaluate.renamed@2
  commit.cycle.renamed@0 commit.cycle.renamed@1)

total_kills=0; injection_kills=0; resumed=0; lost=0; doubled=0; lost_snapshots=0; inconsistent=0
sigint=0; sigint_ok=0; sigterm=0; sigterm_ok=0; staging_left=0; max_stop=0

# start RUN GAME-ARGS...: a cycle in the background; sets $pid and $log
start() {
  local run="$1"; shift
  log="$work/$run.$(date +%s%N).log"
  # env --default-signal=INT: the JVM must see SIGINT even if this script was started with it ignored.
  DQN_JAVA_OPTS="-Xmx4g ${pause:+-Ddqn.pause-at=$pause}" env --default-signal=INT "$dqn" cycle \
    --store "$work/store" --run "$run" "$@" >"$log" 2>&1 &
  pid=$!
}

# finish RUN REFERENCE GAME-ARGS...: runs RUN to completion, then compares its counts with REFERENCE's
finish() {
  local run="$1" ref="$2"; shift 2
  "$dqn" cycle --store "$work/store" --run "$run" "$@" >"$work/$run.finish.log" 2>&1 \
    || { echo "  $run: the resume FAILED (log $work/$run.finish.log)"; inconsistent=$((inconsistent + 1)); return 1; }
  local got; got="$(count "$work/store" "$run" | tail -1)"
  local want_t; want_t="$(field "$ref" transitions)"
  local t k s; t="$(field "$got" transitions)"; k="$(field "$got" transition_keys)"; s="$(field "$got" snapshots)"
  local l=$(( want_t > k ? want_t - k : 0 ))
  local d=$(( t - k + (k > want_t ? k - want_t : 0) ))
  local ls=$(( $(field "$ref" snapshots) > s ? $(field "$ref" snapshots) - s : 0 ))
  lost=$((lost + l)); doubled=$((doubled + d)); lost_snapshots=$((lost_snapshots + ls))
  if [[ "$(field "$got" cycles)" != "$(field "$ref" cycles)" || "$(field "$got" cycle_rows)" != "$(field "$ref" cycles)" \
        || "$(field "$got" evaluations)" != "$(field "$ref" evaluations)" \
        || "$(field "$got" episodes)" != "$(field "$got" finished_in_transitions)" \
        || "$(field "$got" staging_files)" != 0 ]]; then
    inconsistent=$((inconsistent + 1)); echo "  $run: INCONSISTENT: $got (clean run: $ref)"
  fi
  echo "  $run resumed to completion: $got"
  [[ $l == 0 && $d == 0 && $ls == 0 ]]
}

# kill_at_random RUN MAX_SECONDS GAME-ARGS...: one SIGKILL at a uniform moment in [3, MAX_SECONDS] s
kill_at_random() {
  local run="$1" max="$2"; shift 2
  pause="" start "$run" "$@"
  local delay; delay="$(awk -v m="$max" -v r="$RANDOM" 'BEGIN { printf "%.1f", 3 + (m - 3) * r / 32767 }')"
  local waited=0
  while kill -0 "$pid" 2>/dev/null && awk -v w="$waited" -v d="$delay" 'BEGIN { exit !(w < d) }'; do
    sleep 0.5; waited="$(awk -v w="$waited" 'BEGIN { print w + 0.5 }')"
  done
  if kill -9 "$pid" 2>/dev/null; then
    wait "$pid" 2>/dev/null
    total_kills=$((total_kills + 1))
    echo "  kill -9 $total_kills at ${delay} s: $(grep -E '^cycle [0-9]+/|^(collect|train|evaluate):' "$log" | tail -1 | cut -c1-90)"
    return 0
  fi
  wait "$pid" 2>/dev/null
  return 1 # it had finished
}

# kill_at_point RUN POINT GAME-ARGS...: SIGKILL once the job pauses at POINT
kill_at_point() {
  local run="$1" point="$2"; shift 2
  pause="$point" start "$run" "$@"
  for _ in $(seq 1 600); do
    grep -q "paused at" "$log" 2>/dev/null && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.5
  done
  if grep -q "paused at" "$log" && kill -9 "$pid" 2>/dev/null; then
    wait "$pid" 2>/dev/null
    total_kills=$((total_kills + 1)); injection_kills=$((injection_kills + 1))
    echo "  kill -9 at $point"
  else
    kill -9 "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
    echo "  $point: never reached (log $log)"
  fi
}

# stop_with SIGNAL RUN MAX_SECONDS GAME-ARGS...: SIGINT or SIGTERM at a random moment; times the stop
stop_with() {
  local sig="$1" run="$2" max="$3"; shift 3
  pause="" start "$run" "$@"
  sleep "$(awk -v m="$max" -v r="$RANDOM" 'BEGIN { printf "%.1f", 5 + (m - 5) * r / 32767 }')"
  kill -0 "$pid" 2>/dev/null || { wait "$pid"; echo "  $sig: the run had finished"; return; }
  local t0; t0="$(date +%s.%N)"
  kill -s "$sig" "$pid"
  local code=0
  for _ in $(seq 1 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$pid" 2>/dev/null; then kill -9 "$pid"; fi
  wait "$pid"; code=$?
  local took; took="$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')"
  max_stop="$(awk -v a="$max_stop" -v b="$took" 'BEGIN { print (b > a ? b : a) }')"
  local left; left="$(find "$work/store/$run/_staging" -type f 2>/dev/null | wc -l)"
  staging_left=$((staging_left + left))
  if [[ "$sig" == INT ]]; then sigint=$((sigint + 1)); [[ $code == 130 ]] && sigint_ok=$((sigint_ok + 1))
  else sigterm=$((sigterm + 1)); [[ $code == 143 ]] && sigterm_ok=$((sigterm_ok + 1)); fi
  echo "  SIG$sig: stopped in $took s, exit $code, $left file(s) left in _staging"
}

# series NAME KILLS INJECT GAME-ARGS...: a clean run, then killed runs until KILLS random kills are spent
series() {
  local name="$1" n="$2" inject="$3"; shift 3
  local t0; t0=$(date +%s)
  "$dqn" cycle --store "$work/store" --run "$name-clean" "$@" >"$work/$name-clean.log" 2>&1 \
    || { echo "$name: the clean run failed (log $work/$name-clean.log)"; exit 1; }
  local span=$(( $(date +%s) - t0 ))
  local ref; ref="$(count "$work/store" "$name-clean" | tail -1)"
  echo "$name: clean run in $span s: $ref"
  local k=1 run="$name-killed-1" spent=0 kills_before
  kills_before=$total_kills
  [[ "$parts" == *kills* ]] || n=0
  if [[ "$inject" == yes && "$parts" == *kills* ]]; then
    for point in "${points[@]}"; do kill_at_point "$run" "$point" "$@"; done
  fi
  while (( spent < n )); do
    if kill_at_random "$run" $(( span * 2 / 3 )) "$@"; then
      spent=$((spent + 1))
    else
      finish "$run" "$ref" "$@" && resumed=$((resumed + total_kills - kills_before)); kills_before=$total_kills
      k=$((k + 1)); run="$name-killed-$k"
    fi
  done
  if [[ "$parts" == *kills* ]]; then
    finish "$run" "$ref" "$@" && resumed=$((resumed + total_kills - kills_before))
  fi
  [[ "$parts" == *signals* ]] || return 0
  for sig in INT INT TERM TERM; do
    run="$name-stopped-$sig-$RANDOM"
    stop_with "$sig" "$run" $(( span / 2 )) "$@"
    finish "$run" "$ref" "$@" >/dev/null || echo "  $run: did not resume cleanly"
  done
}

atari_kills=0
if [[ -f "${atari_args[1]}" ]]; then atari_kills=$(( kills / 4 )); else echo "no ${atari_args[1]}: MinAtar only"; fi
series minatar $(( kills - atari_kills )) yes "${minatar_args[@]}"
(( atari_kills > 0 )) && series atari "$atari_kills" no "${atari_args[@]}"

echo "runs and logs: $work"
echo "kills=$total_kills injection_kills=$injection_kills resumed=$resumed lost_transitions=$lost" \
  "duplicated_transitions=$doubled lost_snapshots=$lost_snapshots inconsistent_runs=$inconsistent" \
  "sigint_stops=$sigint sigint_exit_130=$sigint_ok sigterm_stops=$sigterm sigterm_exit_143=$sigterm_ok" \
  "staging_left=$staging_left max_stop_s=$max_stop"
