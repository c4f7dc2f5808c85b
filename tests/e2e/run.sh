#!/usr/bin/env bash
# Run the widget's end-to-end test in Chromium.
#   tests/e2e/run.sh fake   start tests/e2e/fake_bot.py and the demo page on free ports, test, stop them
#   tests/e2e/run.sh ux     the widget's reading, touch, status and accessibility checks (widget_ux.spec.mjs,
#                           axe-core) against the fake bot, whose scripted replies they rely on
#   tests/e2e/run.sh real   test the bot from `make run` (BOT_URL, default http://localhost:5005) through
#                           the demo page on http://localhost:$PAGE_PORT/ (default 8080; started if not up)
# Needs `npm ci` in tests/e2e and Debian's chromium (/usr/bin/chromium).
# PAGE_PORT and BOT_PORT pick the fake modes' ports (default: free ones).
set -euo pipefail
cd "$(dirname "$0")/../.."
mode=${1:-fake}
py=.venv/bin/python
results=$PWD/results/e2e
mkdir -p "$results"

pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait "${pids[@]}" 2>/dev/null || true
}
trap cleanup EXIT

wait_for() { # URL SECONDS
  for _ in $(seq 1 $(($2 * 2))); do
    curl -fsS -m 1 -o /dev/null "$1" 2>/dev/null && return 0
    sleep 0.5
  done
  echo "gave up waiting for $1" >&2
  return 1
}
free_port() { "$py" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

[ -d tests/e2e/node_modules/playwright-core ] || { echo "run: (cd tests/e2e && npm ci)" >&2; exit 2; }

spec=widget.spec.mjs
case "$mode" in
  fake|ux)
    [ "$mode" = ux ] && spec=widget_ux.spec.mjs
    page_port=${PAGE_PORT:-$(free_port)} bot_port=${BOT_PORT:-$(free_port)}
    "$py" tests/e2e/fake_bot.py "$bot_port" "http://localhost:$page_port" >"$results/fake_bot.log" 2>&1 &
    pids+=($!)
    bot_url=http://127.0.0.1:$bot_port
    ;;
  real)
    page_port=${PAGE_PORT:-8080}
    bot_url=${BOT_URL:-http://localhost:5005}
    curl -fsS -m 3 -o /dev/null "$bot_url/status" || { echo "No bot at $bot_url: start it with 'make run'." >&2; exit 1; }
    ;;
  *) echo "usage: $0 fake|ux|real" >&2; exit 2 ;;
esac

page_url=http://localhost:$page_port/
if ! curl -fsS -m 2 -o /dev/null "$page_url" 2>/dev/null; then
  "$py" scripts/serve_web.py "$page_port" >"$results/serve_web.log" 2>&1 &
  pids+=($!)
fi
wait_for "$page_url" 10
wait_for "$bot_url/status" 150 # the fake bot imports Rasa (and TensorFlow): slow to start

cd tests/e2e
BOT_URL=$bot_url PAGE_URL=$page_url RESULTS_DIR=$results timeout 480 node "$spec"
