#!/usr/bin/env bash
# Start the action server and the Rasa server together; Ctrl-C stops both.
# Usage: scripts/run.sh MODEL RASA_PORT ACTIONS_PORT [WEB_PORT]
set -euo pipefail
model=$1 rasa_port=$2 actions_port=$3 web_port=${4:-8080}
export ACTIONS_PORT=$actions_port  # read by endpoints.yml
# Connections the kernel queues before the server accepts them (Rasa's SANIC_BACKLOG, default
# 100): a surge of people connecting at once waits there for an answer or the busy reply
# (addons/channels/admission.py) instead of being dropped.
export SANIC_BACKLOG=${SANIC_BACKLOG:-1024}
bin=.venv/bin

# Channel secrets (Slack, Telegram, widget) from the untracked .env, if any.
if [ -f .env ]; then set -a; . ./.env; set +a; fi
# 127.0.0.1 unless told otherwise; elsewhere the HTTP API needs RASA_JWT_SECRET (scripts/api_args.py),
# which rasa_quiet.py passes to Rasa inside the process: never on a command line.
interface=${RASA_INTERFACE:-127.0.0.1}
mapfile -t api_args < <("$bin/python" scripts/api_args.py "$interface")

pids=()
stop() {
  local status=$1
  trap - INT TERM EXIT
  echo; echo "Stopping the bot..."
  kill "${pids[@]}" 2>/dev/null || true
  wait 2>/dev/null || true
  echo "Stopped."
  exit "$status"
}
trap 'stop 0' INT TERM
trap 'stop $?' EXIT

# The servers' own logs go to files; the terminal gets one line per step and the result.
logs=results/logs
mkdir -p "$logs"
rasa_quiet=("$bin/python" scripts/rasa_quiet.py)  # rasa without its dependencies' deprecation warnings
# The action server (actions/server.py): 127.0.0.1, and a secret the Rasa server sends
# (endpoints.yml); random for this run unless ACTION_SERVER_TOKEN is set.
export ACTION_SERVER_TOKEN=${ACTION_SERVER_TOKEN:-$("$bin/python" -c 'import secrets; print(secrets.token_urlsafe(32))')}
echo "Starting the action server and the Rasa server, which loads the model (logs: $logs/actions.log, $logs/rasa.log)..."
"$bin/python" -W ignore::DeprecationWarning -m actions.server --port "$actions_port" >"$logs/actions.log" 2>&1 &
pids+=($!)
# --cors: the only pages allowed to use the API and the widget's socket.io channel
# (the channel applies it to websockets too). Never "*".
"${rasa_quiet[@]}" run --model "$model" "${api_args[@]}" --cors "http://localhost:$web_port" "http://127.0.0.1:$web_port" \
  --interface "$interface" --port "$rasa_port" --endpoints endpoints.yml --credentials credentials.yml >"$logs/rasa.log" 2>&1 &
pids+=($!)
# The chat widget's demo page (web/), 127.0.0.1 only.
"$bin/python" scripts/serve_web.py "$web_port" &
pids+=($!)

if ! "$bin/python" scripts/wait_ready.py "http://127.0.0.1:$rasa_port/status" "http://127.0.0.1:$actions_port/health"; then
  for log in "$logs/actions.log" "$logs/rasa.log"; do echo "--- the end of $log:"; tail -n 15 "$log"; done
  exit 1
fi
cat <<MSG

The assistant is running on http://localhost:$rasa_port (Ctrl-C stops it; server logs in $logs/).
  Chat in the browser:    http://localhost:$web_port
  Chat in the terminal:   make shell
  Or over REST:           curl -s localhost:$rasa_port/webhooks/rest/webhook -H 'Content-Type: application/json' \\
                            -d '{"sender": "me", "message": "why do my muscles twitch after exercise?"}'
MSG
wait -n "${pids[@]}"
