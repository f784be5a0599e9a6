#!/usr/bin/env bash
# Makes the README's pictures from a real run: the README's first command (8 collect-train-evaluate cycles
# of MinAtar Breakout on conf/minatar-quick.conf, about 10 minutes on 2 cores), then `dqn plot` of its tables
# into docs/plot-minatar-breakout.png, `dqn visualize` of its newest snapshot, whose page headless Chromium
# renders into docs/visualize-minatar-breakout.png (Debian: apt-get install chromium), the
# learning-curves notebook's first figure into docs/notebook-learning-curves.png, then
# docs/make-play-pictures.sh (dqn play's window, a dqn record video of the run's latest snapshot).
# Build first: mvn -B -q package -DskipTests
#
# Usage: docs/make-pictures.sh [STORE]   (default: a new temporary directory, removed at the end; give a
#                                         store to keep the run, or to plot one it already holds: the cycle
#                                         command completes the run's 8 cycles and does nothing if it has them)
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
page="$(mktemp -d)" # the visualize page, only its screenshot is kept
if [[ $# -ge 1 ]]; then
  store="$1"
  trap 'rm -rf "$page"' EXIT
else
  store="$(mktemp -d)"
  trap 'rm -rf "$store" "$page"' EXIT
fi
"$home/bin/dqn" cycle --game minatar:breakout --store "$store" --run minatar \
  --conf "$home/conf/minatar-quick.conf" --cycles 8
"$home/bin/dqn" plot --store "$store" --run minatar --out "$home/docs/plot-minatar-breakout.png"
"$home/bin/dqn" visualize --store "$store" --run minatar --out "$page" --states 2
chromium --headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update \
  --disable-sync --no-first-run --user-data-dir="$page/chromium" --hide-scrollbars \
  --screenshot="$home/docs/visualize-minatar-breakout.png" --window-size=1000,1180 "file://$page/index.html"

# The learning-curves notebook on the same run (needs Debian's jupyter-nbconvert, python3-pandas,
# python3-matplotlib; see notebooks/README.md): its first figure, as the notebook drew it.
executed="$(mktemp -d)"
(cd "$home/notebooks" && DQN_STORE="$store" /usr/bin/jupyter-nbconvert --to notebook --execute \
  --output-dir "$executed" learning-curves.ipynb)
/usr/bin/python3 - "$executed/learning-curves.ipynb" "$home/docs/notebook-learning-curves.png" <<'PY'
import base64, json, sys
cells = json.load(open(sys.argv[1]))["cells"]
pictures = [o["data"]["image/png"] for c in cells if c["cell_type"] == "code"
            for o in c.get("outputs", []) if "image/png" in o.get("data", {})]
open(sys.argv[2], "wb").write(base64.b64decode(pictures[0]))
print(sys.argv[2])
PY
rm -rf "$executed"

"$home/docs/make-play-pictures.sh" "$store"
