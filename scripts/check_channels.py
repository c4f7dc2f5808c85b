"""Slack and Telegram end to end with the trained bot (`make test-channels`).

The real Rasa server and action server run with both channels switched on from the
environment; Slack's and Telegram's APIs are local fakes on 127.0.0.1 (tests/fakes/), so
the requests go in in the platforms' documented shapes and the bot's replies are read
where the platform would receive them. Nothing leaves 127.0.0.1; every wait is bounded.
"""

import json
import os
import secrets
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Callable, List, Optional

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT))

from bot_process import action_server, rasa_server  # noqa: E402
from tests.fakes.slack_api import FakeSlackAPI, click, event, signed  # noqa: E402
from tests.fakes.telegram_api import FakeTelegramAPI, callback, message  # noqa: E402
from check_report import check  # noqa: E402
from addons.channels.slack import MOVED_TO_DM_NOTE  # noqa: E402

MODEL = sys.argv[1] if len(sys.argv) > 1 else str(ROOT / "models/twitch-assistant.tar.gz")
# CHECK_RASA_PORT / CHECK_ACTIONS_PORT: to run it beside another copy on the default ports.
RASA_PORT = int(os.environ.get("CHECK_RASA_PORT") or 5905)
ACTIONS_PORT = int(os.environ.get("CHECK_ACTIONS_PORT") or 5955)
CITED = ("\nSource: ", "\nSources: ")  # the citation line every article answer ends with
REPLY_WAIT_S = 60  # the first message also loads the model's lazy parts
QUIET_S = 3  # how long "no reply" is watched
# Fresh per run: the logs are checked for them afterwards.
SLACK_TOKEN = "xoxb-" + secrets.token_hex(12)
SLACK_SECRET = secrets.token_hex(16)
TELEGRAM_TOKEN = "123456789:" + secrets.token_urlsafe(24)
TELEGRAM_SECRET = secrets.token_urlsafe(32)


def post(path: str, body: bytes, headers: dict) -> int:
    request = urllib.request.Request(f"http://127.0.0.1:{RASA_PORT}{path}", body, headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def wait_calls(fake, method: str, count: int, timeout: float = REPLY_WAIT_S) -> List[dict]:
    deadline = time.monotonic() + timeout
    while len(fake.calls_to(method)) < count and time.monotonic() < deadline:
        time.sleep(0.1)
    return fake.calls_to(method)


def cited(text: str) -> bool:
    return any(line in text for line in CITED)


def last_text(calls: List[dict]) -> str:
    return calls[-1]["params"].get("text", "") if calls else ""


def slack_checks(fake: FakeSlackAPI) -> List[bool]:
    results = []

    def send(body: bytes, content_type: str = "application/json", headers: Optional[dict] = None) -> int:
        return post(
            "/webhooks/slack/webhook",
            body,
            {"Content-Type": content_type, **signed(body, SLACK_SECRET), **(headers or {})},
        )

    def reply(count: int, text_test: Callable[[str], bool]) -> tuple:
        calls = wait_calls(fake, "chat.postMessage", count)
        return len(calls) >= count and text_test(last_text(calls)), calls

    forged = event("what causes muscle twitching?", ts="1700000001.000001")
    status = post("/webhooks/slack/webhook", forged, {"Content-Type": "application/json"})
    time.sleep(QUIET_S)
    results.append(
        check("Slack: an unsigned event is refused, nothing posted", status == 401 and not fake.calls, status)
    )

    question = event("what causes muscle twitching?", ts="1700000002.000002")
    status = send(question)
    ok, calls = reply(1, cited)
    results.append(
        check(
            "Slack: a signed question gets the article answer with its source", status == 200 and ok, last_text(calls)
        )
    )

    send(question, headers={"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"})
    time.sleep(QUIET_S)
    results.append(
        check("Slack: a retry gets no second reply", len(fake.calls_to("chat.postMessage")) == 1, len(fake.calls))
    )

    lost = event("what causes muscle twitching?", ts="1700000002.500000")  # its first delivery never arrived
    send(lost, headers={"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_error"})
    ok, calls = reply(2, cited)
    send(lost, headers={"X-Slack-Retry-Num": "2", "X-Slack-Retry-Reason": "http_error"})
    time.sleep(QUIET_S)
    results.append(
        check(
            "Slack: a retry of a delivery that never arrived is answered, once",
            ok and len(fake.calls_to("chat.postMessage")) == 2,
            last_text(calls),
        )
    )

    send(event("my left calf has twitched for three weeks", ts="1700000003.000003"))
    ok, calls = reply(3, lambda text: "other symptoms" in text)
    buttons = (
        [
            element.get("value")
            for block in calls[-1]["params"].get("blocks", [])
            if block.get("type") == "actions"
            for element in block["elements"]
        ]
        if ok
        else []
    )
    results.append(
        check(
            "Slack: a symptom description starts the check, with interactive buttons",
            ok and "/deny" in buttons,
            buttons,
        )
    )

    send(click("/deny"), "application/x-www-form-urlencoded")
    ok, calls = reply(4, lambda text: "start suddenly" in text)
    results.append(check("Slack: a button click carries the check on", ok, last_text(calls)))

    thread = "1700000100.000100"
    send(event("I can't breathe", ts="1700000101.000101", thread_ts=thread))
    ok, calls = reply(5, lambda text: text.startswith("EMERGENCY:"))
    results.append(
        check(
            "Slack: an emergency in a thread is answered in that thread",
            ok and calls[-1]["params"].get("thread_ts") == thread,
            last_text(calls),
        )
    )

    send(
        event(
            "<@UBOT> my left calf has twitched for three weeks",
            user="U9",
            channel="C42",
            kind="app_mention",
            ts="1700000200.000200",
        )
    )
    calls = wait_calls(fake, "chat.postMessage", 7)
    public = [c["params"]["text"] for c in calls if c["params"]["channel"] == "C42"]
    private = [c["params"]["text"] for c in calls if c["params"]["channel"] == "DU9"]
    results.append(
        check(
            "Slack: a public-channel mention gets only a note there; the check goes on in a DM",
            public == [MOVED_TO_DM_NOTE] and private and "other symptoms" in private[-1],
            public + private[-1:],
        )
    )
    return results


def telegram_checks(fake: FakeTelegramAPI) -> List[bool]:
    results = []
    headers = {"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": TELEGRAM_SECRET}

    def send(update: dict, with_secret: bool = True) -> int:
        return post(
            "/webhooks/telegram/webhook",
            json.dumps(update).encode(),
            headers if with_secret else {"Content-Type": "application/json"},
        )

    status = send(message("what causes muscle twitching?", update_id=1), with_secret=False)
    time.sleep(QUIET_S)
    results.append(
        check(
            "Telegram: an update without the secret header is refused, nothing sent",
            status == 403 and not fake.calls_to("sendMessage"),
            status,
        )
    )

    send(message("/start", update_id=2))
    calls = wait_calls(fake, "sendMessage", 1)
    results.append(check("Telegram: /start greets", "muscle-twitching assistant" in last_text(calls), last_text(calls)))

    send(message("what causes muscle twitching?", update_id=3))
    calls = wait_calls(fake, "sendMessage", 2)
    params = calls[-1]["params"] if calls else {}
    results.append(
        check(
            "Telegram: a question gets the article answer with its source, as plain text",
            cited(last_text(calls)) and "parse_mode" not in params and "**" not in last_text(calls),
            last_text(calls),
        )
    )

    send(message("my left calf has twitched for three weeks", update_id=4))
    calls = wait_calls(fake, "sendMessage", 3)
    keyboard = ((calls[-1]["params"].get("reply_markup") or {}).get("inline_keyboard") or []) if len(calls) >= 3 else []
    no_button = [b["callback_data"] for row in keyboard for b in row if b.get("text", "").lower().startswith("no")]
    results.append(
        check(
            "Telegram: a symptom description starts the check, with an inline keyboard",
            "other symptoms" in last_text(calls) and no_button,
            keyboard,
        )
    )

    send(callback(no_button[0] if no_button else "/deny", update_id=5))
    calls = wait_calls(fake, "sendMessage", 4)
    results.append(
        check(
            "Telegram: pressing a button carries the check on",
            "start suddenly" in last_text(calls) and fake.calls_to("answerCallbackQuery"),
            last_text(calls),
        )
    )

    send(message("I can't breathe", update_id=6))
    calls = wait_calls(fake, "sendMessage", 5)
    results.append(
        check(
            "Telegram: an emergency is answered with EMERGENCY",
            last_text(calls).startswith("EMERGENCY:"),
            last_text(calls),
        )
    )

    send(message("I can't breathe", update_id=6))  # Telegram resends an update it thinks was lost
    time.sleep(QUIET_S)
    results.append(
        check(
            "Telegram: a resent update is answered once",
            len(fake.calls_to("sendMessage")) == 5,
            len(fake.calls_to("sendMessage")),
        )
    )
    return results


def main() -> int:
    slack, telegram = FakeSlackAPI(SLACK_TOKEN).start(), FakeTelegramAPI(TELEGRAM_TOKEN).start()
    env = {
        "SLACK_BOT_TOKEN": SLACK_TOKEN,
        "SLACK_SIGNING_SECRET": SLACK_SECRET,
        "SLACK_API_URL": slack.api_url,
        "TELEGRAM_BOT_TOKEN": TELEGRAM_TOKEN,
        "TELEGRAM_BOT_NAME": "TwitchHelpBot",
        "TELEGRAM_WEBHOOK_URL": "https://bot.example.org/webhooks/telegram/webhook",
        "TELEGRAM_WEBHOOK_SECRET": TELEGRAM_SECRET,
        "TELEGRAM_API_URL": telegram.url,
    }
    try:
        with action_server(ACTIONS_PORT), rasa_server(MODEL, RASA_PORT, ACTIONS_PORT, env=env):
            results = slack_checks(slack) + telegram_checks(telegram)
    finally:
        slack.stop()
        telegram.stop()
    logs = "".join(
        (ROOT / "results/logs" / name).read_text(errors="replace")
        for name in (f"rasa-{RASA_PORT}.log", f"actions-{ACTIONS_PORT}.log")
    )
    leaked = [
        name
        for name, value in (
            ("Slack token", SLACK_TOKEN),
            ("Slack signing secret", SLACK_SECRET),
            ("Telegram token", TELEGRAM_TOKEN),
            ("Telegram secret", TELEGRAM_SECRET),
        )
        if value in logs
    ]
    results.append(
        check("no token or secret in the logs", logs and not leaked, leaked or f"{logs.count(chr(10))} lines checked")
    )
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
