"""The bot with its action server stopped, and frozen: never silence (`make test-failures`).

1. Rasa server up, action server never started: a symptom description gets the apology with
   safe advice, an FAQ still gets its article answer, an emergency still gets EMERGENCY; then
   a bounded fuzz run of bad input (scripts/fuzz_rest.py): no 5xx, and the server still answers.
2. Action server started, then frozen (SIGSTOP) in the middle of the check: the next answer
   gets the apology within a few seconds instead of up to 300 s of silence.
3. With the SQLite tracker store, the Rasa server is restarted in the middle of the check: the
   user carries on where they were. After two idle hours (timestamps moved back in the store)
   a new session starts, with the check's slots gone. "Forget me", confirmed, deletes every
   stored event of that user. A tracker store that cannot open refuses to start.
4. The logs (INFO, Rasa's default) never contain what users wrote.
Everything runs on 127.0.0.1 and is stopped at the end.
"""

import json
import os
import signal
import sqlite3
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
from check_report import check  # noqa: E402

MODEL = sys.argv[1] if len(sys.argv) > 1 else str(ROOT / "models/twitch-assistant.tar.gz")
# CHECK_RASA_PORT / CHECK_ACTIONS_PORT: to run it beside another copy on the default ports.
RASA_PORT = int(os.environ.get("CHECK_RASA_PORT") or 5405)
ACTIONS_PORT = int(os.environ.get("CHECK_ACTIONS_PORT") or 5455)
APOLOGY = "can't run the symptom check right now"
IDLE_S = 2 * 3600  # longer than domain.yml's session_expiration_time (60 minutes)
# What users wrote in this script, which must not reach a log line at INFO.
KEPT_LOGS: list = []
USER_TEXTS = ("twitched for three weeks", "twitching since yesterday", "just my left eyelid", "please delete my data")


def say(sender: str, text: str) -> tuple:
    body = json.dumps({"sender": sender, "message": text}).encode()
    request = urllib.request.Request(
        f"http://127.0.0.1:{RASA_PORT}/webhooks/rest/webhook", body, {"Content-Type": "application/json"}
    )
    started = time.monotonic()
    with urllib.request.urlopen(request, timeout=60) as response:
        replies = json.load(response)
    return " | ".join(r.get("text", "") for r in replies), time.monotonic() - started


def main() -> int:
    results = []
    with rasa_server(MODEL, RASA_PORT, ACTIONS_PORT):
        user = f"down-{uuid.uuid4().hex[:8]}"
        text, seconds = say(user, "my left calf has twitched for three weeks")
        results.append(
            check(
                "action server down: symptom description gets safe advice",
                APOLOGY in text and "see a doctor" in text,
                f"{seconds:.1f}s {text}",
            )
        )
        text, seconds = say(user, "what causes muscle twitching?")
        results.append(
            check("action server down: FAQ still answered with its source", "Source" in text, f"{seconds:.1f}s {text}")
        )
        text, seconds = say(user, "twitching plus numbness in my foot, could it be a pinched nerve?")
        answered_then_apology = (
            "pinched" in text and "Source" in text and APOLOGY in text and text.index("Source") < text.index(APOLOGY)
        )
        results.append(
            check(
                "action server down: a question about one's own symptoms gets its answer, then the apology",
                answered_then_apology,
                f"{seconds:.1f}s {text}",
            )
        )
        text, seconds = say(user, "I can't breathe")
        results.append(
            check(
                "action server down: emergency still answered", text.startswith("EMERGENCY:"), f"{seconds:.1f}s {text}"
            )
        )
        fuzz = subprocess.run(
            [
                sys.executable,
                str(ROOT / "scripts/fuzz_rest.py"),
                f"http://127.0.0.1:{RASA_PORT}",
                "--count",
                "200",
                "--seconds",
                "60",
                "--seed",
                "21",
            ],
            capture_output=True,
            text=True,
            timeout=300,
        )
        results.append(
            check(
                "bad input (fuzz, 200 requests): no 5xx, server still answers", fuzz.returncode == 0, fuzz.stdout[-300:]
            )
        )
        with action_server(ACTIONS_PORT) as actions:
            time.sleep(8)  # the background probe (every 5 s, 1 s timeout) sees it up
            user = f"hung-{uuid.uuid4().hex[:8]}"
            text, seconds = say(user, "my eyelid has been twitching since yesterday")
            results.append(
                check(
                    "action server up: the check asks its question",
                    "?" in text and APOLOGY not in text,
                    f"{seconds:.1f}s {text}",
                )
            )
            os.killpg(actions.pid, signal.SIGSTOP)
            try:
                time.sleep(8)  # the background probe (every 5 s, 1 s timeout) sees it hung
                text, seconds = say(user, "just my left eyelid")
                results.append(
                    check(
                        "action server frozen: apology within seconds",
                        APOLOGY in text and seconds < 10,
                        f"{seconds:.1f}s {text}",
                    )
                )
            finally:
                os.killpg(actions.pid, signal.SIGCONT)
    keep_logs()
    results += restart_mid_check()
    results.append(no_user_text_in_logs())
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
                results.append(
                    check("before the restart: the check asks about other symptoms", "other symptoms" in text, text)
                )
            keep_logs()
            with rasa_server(MODEL, RASA_PORT, ACTIONS_PORT, endpoints_extra=store):
                text, _ = say(user, "/deny")
                results.append(check("after the restart: the check carries on", "start suddenly" in text, text))
                results += long_digression(user)
                results += session_expiry_and_forget_me(f"{folder}/conversations.db", user)
            keep_logs()
        broken = "tracker_store:\n  type: addons.tracker_store.StrictSQLTrackerStore\n  dialect: sqlite\n  db: /proc/no/such.db\n"
        try:
            with rasa_server(MODEL, RASA_PORT, ACTIONS_PORT, endpoints_extra=broken):
                refused = False
        except RuntimeError:
            refused = True
        log = (ROOT / "results/logs" / f"rasa-{RASA_PORT}.log").read_text(errors="replace")
        results.append(
            check("a store that cannot open refuses to start", refused and "Refusing to start" in log, log[-200:])
        )
    return results


def conversation(sender: str) -> str:
    """The stored conversation of a REST sender (addons/channels/conversations.py)."""
    return f"rest:{sender}"


def tracker(sender: str) -> dict:
    with urllib.request.urlopen(
        f"http://127.0.0.1:{RASA_PORT}/conversations/{conversation(sender)}/tracker", timeout=30
    ) as response:
        return json.load(response)


def stored_events(db: str, sender: str) -> list:
    with sqlite3.connect(db) as connection:
        rows = connection.execute(
            "SELECT data FROM events WHERE sender_id = ? ORDER BY id", (conversation(sender),)
        ).fetchall()
    return [json.loads(data) for (data,) in rows]


def make_idle(db: str, sender: str, seconds: float) -> None:
    """Move every stored event of `sender` back in time, as if they had been away."""
    with sqlite3.connect(db) as connection:
        for event_id, data in connection.execute(
            "SELECT id, data FROM events WHERE sender_id = ?", (conversation(sender),)
        ).fetchall():
            event = json.loads(data)
            event["timestamp"] -= seconds
            connection.execute(
                "UPDATE events SET timestamp = ?, data = ? WHERE id = ?",
                (event["timestamp"], json.dumps(event), event_id),
            )


def long_digression(user: str) -> list:
    """More questions than the store's recent window (10 user turns) in the middle of the
    check: the check's state must survive the window moving past where it started."""
    questions = [
        "what causes muscle twitching?",
        "does caffeine make it worse?",
        "can stress cause twitching?",
        "is twitching after exercise normal?",
        "how long do cramps last?",
    ]
    missed = []
    for number in range(12):
        question = questions[number % len(questions)]
        text, _ = say(user, question)
        if not ("Source" in text and "start suddenly" in text):
            missed.append(f"{question!r}: {text[:60]}")
    text, _ = say(user, "it came on gradually")
    return [
        check(
            "12 questions inside the check: each answered, then the check's question again",
            not missed,
            missed or "12/12",
        ),
        check(
            "after them the check goes on where it was", "Here is what I understood" in text and "calf" in text, text
        ),
    ]


def session_expiry_and_forget_me(db: str, user: str) -> list:
    results = []
    before = tracker(user)
    results.append(
        check(
            "mid-check: the form is active, with the duration filled",
            (before.get("active_loop") or {}).get("name") == "symptom_form"
            and before["slots"].get("duration_days") == 21,
            f"{(before.get('active_loop') or {}).get('name')}, duration {before['slots'].get('duration_days')}",
        )
    )
    make_idle(db, user, IDLE_S)
    text, _ = say(user, "hello")
    after = tracker(user)
    starts = [e for e in stored_events(db, user) if e["event"] == "session_started"]
    results.append(
        check(
            "two idle hours later: a new session, the check and its slots are gone",
            len(starts) == 2
            and not (after.get("active_loop") or {}).get("name")
            and after["slots"].get("duration_days") is None
            and "start suddenly" not in text,
            f"{len(starts)} session starts, loop {after.get('active_loop')}, duration {after['slots'].get('duration_days')}: {text}",
        )
    )
    text, _ = say(user, "please delete my data")
    results.append(check("forget me asks for confirmation", "delete this whole conversation" in text, text))
    kept = len(stored_events(db, user))
    text, _ = say(user, "/affirm")
    left = stored_events(db, user)
    results.append(
        check(
            "forget me, confirmed: every stored event of the user is deleted",
            "deleted this conversation" in text and kept > 0 and left == [],
            f"{kept} events before, {len(left)} after: {text}",
        )
    )
    text, _ = say(user, "what causes muscle twitching?")
    fresh = stored_events(db, user)
    results.append(
        check(
            "after forget me: a fresh conversation, still answered",
            "Source" in text
            and [e for e in fresh if e["event"] == "user"][0]["text"] == "what causes muscle twitching?",
            f"{len(fresh)} events: {text}",
        )
    )
    return results


def keep_logs() -> None:
    """Each server start overwrites its log: keep what the stopped servers wrote."""
    for name in (f"rasa-{RASA_PORT}.log", f"actions-{ACTIONS_PORT}.log"):
        path = ROOT / "results/logs" / name
        if path.exists():
            KEPT_LOGS.append((name, path.read_text(errors="replace")))


def no_user_text_in_logs() -> bool:
    leaks = [f"{name}: {text!r}" for name, log in KEPT_LOGS for text in USER_TEXTS if text in log]
    lines = sum(log.count("\n") for _, log in KEPT_LOGS)
    return check(
        "logs at INFO carry no user message text",
        lines > 0 and not leaks,
        f"{len(KEPT_LOGS)} logs, {lines} lines {leaks}",
    )


if __name__ == "__main__":
    sys.exit(main())
