"""The bot with its action server stopped, and frozen: never silence (`make test-failures`).

1. Rasa server up, action server never started: a symptom description gets the apology with
   safe advice, an FAQ still gets its article answer, an emergency still gets EMERGENCY; then
   a bounded fuzz run of bad input (scripts/fuzz_rest.py): no 5xx, and the server still answers.
2. Action server started, then frozen (SIGSTOP) in the middle of the check: the next answer
   gets the apology within a few seconds instead of up to 300 s of silence.
3. With the SQLite tracker store, the Rasa server is restarted in the middle of the check: the
   user carries on where they were. A tracker store that cannot open refuses to start.
Everything runs on 127.0.0.1 and is stopped at the end.
"""
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from bot_process import action_server, rasa_server  # noqa: E402

MODEL = str(ROOT / "models/twitch-assistant.tar.gz")
RASA_PORT, ACTIONS_PORT = 5405, 5455
APOLOGY = "can't run the symptom check right now"


def say(sender: str, text: str) -> tuple:
    body = json.dumps({"sender": sender, "message": text}).encode()
    request = urllib.request.Request(f"http://127.0.0.1:{RASA_PORT}/webhooks/rest/webhook", body,
                                     {"Content-Type": "application/json"})
    started = time.monotonic()
    with urllib.request.urlopen(request, timeout=60) as response:
        replies = json.load(response)
    return " | ".join(r.get("text", "") for r in replies), time.monotonic() - started


def check(name: str, ok: bool, detail: str) -> bool:
    print(f"{'ok  ' if ok else 'FAIL'} {name} ({detail[:160]})", flush=True)
    return ok


def main() -> int:
    results = []
    with rasa_server(MODEL, RASA_PORT, ACTIONS_PORT):
        user = f"down-{uuid.uuid4().hex[:8]}"
        text, seconds = say(user, "my left calf has twitched for three weeks")
        results.append(check("action server down: symptom description gets safe advice", APOLOGY in text and "see a doctor" in text, f"{seconds:.1f}s {text}"))
        text, seconds = say(user, "what causes muscle twitching?")
        results.append(check("action server down: FAQ still answered with its source", "Source" in text, f"{seconds:.1f}s {text}"))
        text, seconds = say(user, "I can't breathe")
        results.append(check("action server down: emergency still answered", text.startswith("EMERGENCY:"), f"{seconds:.1f}s {text}"))
        fuzz = subprocess.run(
            [sys.executable, str(ROOT / "scripts/fuzz_rest.py"), f"http://127.0.0.1:{RASA_PORT}",
             "--count", "200", "--seconds", "60", "--seed", "21"],
            capture_output=True, text=True, timeout=300,
        )
        results.append(check("bad input (fuzz, 200 requests): no 5xx, server still answers", fuzz.returncode == 0, fuzz.stdout[-300:]))
        with action_server(ACTIONS_PORT) as actions:
            time.sleep(6)  # let the cached "down" verdict expire
            user = f"hung-{uuid.uuid4().hex[:8]}"
            text, seconds = say(user, "my eyelid has been twitching since yesterday")
            results.append(check("action server up: the check asks its question", "?" in text and APOLOGY not in text, f"{seconds:.1f}s {text}"))
            os.killpg(actions.pid, signal.SIGSTOP)
            try:
                time.sleep(6)
                text, seconds = say(user, "just my left eyelid")
                results.append(check("action server frozen: apology within seconds", APOLOGY in text and seconds < 10, f"{seconds:.1f}s {text}"))
            finally:
                os.killpg(actions.pid, signal.SIGCONT)
    results += restart_mid_check()
    return 0 if all(results) else 1


def restart_mid_check() -> list:
    results = []
    with tempfile.TemporaryDirectory() as folder:
        store = (
            "tracker_store:\n  type: addons.tracker_store.StrictSQLTrackerStore\n"
            f"  dialect: sqlite\n  db: {folder}/conversations.db\n"
        )
        user = f"restart-{uuid.uuid4().hex[:8]}"
        with action_server(ACTIONS_PORT):
            with rasa_server(MODEL, RASA_PORT, ACTIONS_PORT, endpoints_extra=store):
                text, _ = say(user, "my right calf has twitched for three weeks")
                results.append(check("before the restart: the check asks about other symptoms", "other symptoms" in text, text))
            with rasa_server(MODEL, RASA_PORT, ACTIONS_PORT, endpoints_extra=store):
                text, _ = say(user, "/deny")
                results.append(check("after the restart: the check carries on", "start suddenly" in text, text))
        broken = "tracker_store:\n  type: addons.tracker_store.StrictSQLTrackerStore\n  dialect: sqlite\n  db: /proc/no/such.db\n"
        try:
            with rasa_server(MODEL, RASA_PORT, ACTIONS_PORT, endpoints_extra=broken):
                refused = False
        except RuntimeError:
            refused = True
        log = (ROOT / "results/logs" / f"rasa-{RASA_PORT}.log").read_text(errors="replace")
        results.append(check("a store that cannot open refuses to start", refused and "Refusing to start" in log, log[-200:]))
    return results


if __name__ == "__main__":
    sys.exit(main())
