"""Register (or show, or remove) the bot's Telegram webhook: an explicit, one-off step.

Why a script: the Rasa server never calls Telegram at start-up, so an unreachable
Telegram cannot stop the bot. Run this once after deploying, and again whenever
TELEGRAM_WEBHOOK_URL or TELEGRAM_WEBHOOK_SECRET changes:

    python scripts/telegram_webhook.py            # setWebhook with secret_token
    python scripts/telegram_webhook.py --info     # getWebhookInfo
    python scripts/telegram_webhook.py --delete   # deleteWebhook

Settings come from the same environment variables as the channel (see .env.example).
Prints what it did; never the bot token or the webhook secret.
"""

import argparse
import json
import os
import sys
import urllib.error
import urllib.request
from pathlib import Path
from typing import Dict, List, Mapping, Optional, Tuple

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from addons.channels.env import ChannelConfigError  # noqa: E402
from addons.channels.telegram import REQUIRED, settings_from_env  # noqa: E402

DEFAULT_API_URL = "https://api.telegram.org"
EXPECTED_PATH = "/webhooks/telegram/webhook"
ALLOWED_UPDATES = ["message", "callback_query"]  # what the channel handles
TIMEOUT = 15  # seconds


def call(api_url: str, token: str, method: str, params: Dict) -> Tuple[bool, Dict]:
    """(reached Telegram, its JSON answer); errors are redacted of the token."""
    request = urllib.request.Request(
        f"{api_url.rstrip('/')}/bot{token}/{method}",
        json.dumps(params).encode(),
        {"Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as answer:
            return True, json.load(answer)
    except urllib.error.HTTPError as error:  # Telegram answers errors with JSON too
        try:
            return True, json.load(error)
        except ValueError:
            return True, {"ok": False, "description": f"HTTP {error.code}"}
    except (urllib.error.URLError, OSError) as error:
        reason = str(getattr(error, "reason", error)).replace(token, "<token>")
        return False, {"ok": False, "description": reason}


def main(argv: Optional[List[str]] = None, env: Optional[Mapping[str, str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    action = parser.add_mutually_exclusive_group()
    action.add_argument("--info", action="store_true", help="show the current webhook")
    action.add_argument("--delete", action="store_true", help="remove the webhook")
    parser.add_argument("--drop-pending-updates", action="store_true", help="discard updates queued at Telegram")
    args = parser.parse_args(argv)
    env = os.environ if env is None else env
    try:
        settings = settings_from_env(env)
    except ChannelConfigError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if settings is None:
        print(f"error: Telegram is not configured: set {', '.join(REQUIRED)}.", file=sys.stderr)
        return 2
    token = settings["TELEGRAM_BOT_TOKEN"]
    api_url = settings.get("TELEGRAM_API_URL", DEFAULT_API_URL)
    url = settings["TELEGRAM_WEBHOOK_URL"]

    if args.info:
        method, params = "getWebhookInfo", {}
    elif args.delete:
        method, params = "deleteWebhook", {"drop_pending_updates": args.drop_pending_updates}
    else:
        if not url.rstrip("/").endswith(EXPECTED_PATH):
            print(f"warning: the channel listens on {EXPECTED_PATH}; {url} does not end with it.")
        method = "setWebhook"
        params = {
            "url": url,
            "secret_token": settings["TELEGRAM_WEBHOOK_SECRET"],
            "allowed_updates": ALLOWED_UPDATES,
            "drop_pending_updates": args.drop_pending_updates,
        }

    print(f"{method} for @{settings['TELEGRAM_BOT_NAME']} via {api_url}")
    reached, answer = call(api_url, token, method, params)
    if not reached:
        print(f"error: could not reach {api_url}: {answer['description']}", file=sys.stderr)
        return 1
    if not answer.get("ok"):
        print(f"error: Telegram refused {method}: {answer.get('description')}", file=sys.stderr)
        return 1
    if method == "setWebhook":
        print(f"webhook set: {url} (secret_token sent, value not shown; updates: {', '.join(ALLOWED_UPDATES)})")
    elif method == "deleteWebhook":
        print("webhook removed")
    else:
        info = answer.get("result") or {}
        print(f"webhook url: {info.get('url') or '(none)'}")
        print(f"pending updates: {info.get('pending_update_count', 0)}")
        if info.get("last_error_message"):
            print(f"last error: {info['last_error_message']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
