#!/usr/bin/env bash
# Start the action server and the Rasa server together; Ctrl-C stops both.
# Usage: scripts/run.sh MODEL RASA_PORT ACTIONS_PORT [WEB_PORT]
set -euo pipefail
model=$1 rasa_port=$2 actions_port=$3 web_port=${4:-8080}
export ACTIONS_PORT=$actions_port  # read by endpoints.yml
bin=.venv/bin

# Channel secrets (Slack, Telegram, widget) from the untracked .env, if any.
if [ -f .env ]; then set -a; . ./.env; set +a; fi
# 127.0.0.1 unless told otherwise; elsewhere the HTTP API needs RASA_API_TOKEN (scripts/api_args.py).
interface=${RASA_INTERFACE:-127.0.0.1}
mapfile -t api_args < <("$bin/python" scripts/api_args.py "$interface")

pids=()
stop() {
  trap - INT TERM EXIT
  echo; echo "Stopping the bot..."
  kill "${pids[@]}" 2>/dev/null || true
  wait 2>/dev/null || true
  echo "Stopped."
  exit 0
}
trap stop INT TERM EXIT

# The action server (actions/server.py): 127.0.0.1, and a secret the Rasa server sends
# (endpoints.yml); random for this run unless ACTION_SERVER_TOKEN is set.
export ACTION_SERVER_TOKEN=${ACTION_SERVER_TOKEN:-$("$bin/python" -c 'import secrets; print(secrets.token_urlsafe(32))')}
"$bin/python" -m actions.server --port "$actions_port" &
pids+=($!)
# --cors: the only pages allowed to use the API and the widget's socket.io channel
# (the channel applies it to websockets too). Never "*".
"$bin/rasa" run --model "$model" "${api_args[@]}" --cors "http://localhost:$web_port" "http://127.0.0.1:$web_port" \
  --interface "$interface" --port "$rasa_port" --endpoints endpoints.yml --credentials credentials.yml &
pids+=($!)
# The chat widget's demo page (web/), 127.0.0.1 only.
"$bin/python" scripts/serve_web.py "$web_port" &
pids+=($!)

"$bin/python" scripts/wait_ready.py "http://127.0.0.1:$rasa_port/status" \
  "http://127.0.0.1:$actions_port/health" && cat <<MSG

The assistant is running on http://localhost:$rasa_port (Ctrl-C stops it).
  Chat in the browser:    http://localhost:$web_port
  Chat in the terminal:   make shell
  Or over REST:           curl -s localhost:$rasa_port/webhooks/rest/webhook -H 'Content-Type: application/json' \\
                            -d '{"sender": "me", "message": "why do my muscles twitch after exercise?"}'
MSG
wait -n "${pids[@]}"
