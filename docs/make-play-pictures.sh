#!/usr/bin/env bash
# Makes the README's dqn play and dqn record pictures: docs/play-minatar-breakout.png, the window as the test
# PlayWindowTest takes it (its own Xvfb, Robot key presses, a snapshot handed control with m), and
# docs/record-minatar-breakout.mp4, one game by the latest snapshot of run "minatar" in STORE (at most 1,000
# agent steps, so that the video stays small; seed 3: with the 8-cycle snapshot it scores 3, where most of its
# games score 1 in 16 agent steps). make-pictures.sh calls it with the run it made.
# Needs xvfb and a JDK with AWT's X11 libraries (as .ci/run installs). Build first: mvn -B -q package -DskipTests
#
# Usage: docs/make-play-pictures.sh STORE
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
store="$1"
"$home/bin/dqn" record --game minatar:breakout --store "$store" --run minatar \
  --seed 3 --set dqn.environment.evaluation-max-frames-per-episode=1000 --out "$home/docs/record-minatar-breakout.mp4"
(cd "$home" && mvn -B -q -ntp test -pl app -am -Dtest='PlayWindowTest#aPersonPlaysMinAtar*' \
  -Dsurefire.failIfNoSpecifiedTests=false)
cp "$home/app/target/play-window/play-minatar-breakout.png" "$home/docs/play-minatar-breakout.png"
