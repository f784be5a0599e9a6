#!/usr/bin/env bash
# Makes the README's pictures from a real run: the README's first command (8 collect-train-evaluate cycles
# of MinAtar Breakout on conf/minatar-quick.conf, about 10 minutes on 2 cores), then `dqn plot` of its tables
# into docs/plot-minatar-breakout.png, then docs/make-play-pictures.sh (dqn play's window, a dqn record video of
# the run's latest snapshot). Build first: mvn -B -q package -DskipTests
#
# Usage: docs/make-pictures.sh [STORE]   (default: a new temporary directory, removed at the end; give a
#                                         store to keep the run, or to plot one it already holds: the cycle
#                                         command completes the run's 8 cycles and does nothing if it has them)
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [[ $# -ge 1 ]]; then
  store="$1"
else
  store="$(mktemp -d)"
  trap 'rm -rf "$store"' EXIT
fi
"$home/bin/dqn" cycle --game minatar:breakout --store "$store" --run minatar \
  --conf "$home/conf/minatar-quick.conf" --cycles 8
"$home/bin/dqn" plot --store "$store" --run minatar --out "$home/docs/plot-minatar-breakout.png"
"$home/docs/make-play-pictures.sh" "$store"
