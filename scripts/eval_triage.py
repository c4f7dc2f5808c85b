"""Triage benchmark through the running bot over REST (`make eval-triage`).

Each vignette is a conversation: its first message, then the answer to whatever the bot asks
(the question is read from the tracker's requested_slot over the HTTP API), until a reply
starts with a tier label. The figures (exact tier, safe rate, under-triage, emergency recall,
self-care sent to URGENT/EMERGENCY) are printed by the same code as the offline core check.

    python scripts/eval_triage.py MODEL [vignette files...]   # starts the bot on 127.0.0.1
    python scripts/eval_triage.py --url http://127.0.0.1:5005 [files...]   # a bot already running
"""

from __future__ import annotations

import argparse
import json
import sys
import urllib.request
import uuid
from pathlib import Path


ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from actions.triage.rules import Tier  # noqa: E402
from bot_process import running_bot  # noqa: E402
from eval_triage_core import load_vignettes, report  # noqa: E402

DEFAULT_FILES = [ROOT / "tests/triage/vignettes_heldout.yml"]
MAX_TURNS = 10
# The form's questions, and which vignette answer replies to each.
ANSWER_FOR = {
    "duration_days": "duration",
    "body_locations": "location",
    "other_symptoms": "other_symptoms",
    "onset": "onset",
}
LABELS = [t for t in sorted(Tier, reverse=True)]


def post(url: str, path: str, body: dict) -> list:
    request = urllib.request.Request(url + path, json.dumps(body).encode(), {"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.load(response)


def requested_slot(url: str, sender: str):
    # A REST sender's conversation is "rest:<sender>" (addons/channels/conversations.py).
    with urllib.request.urlopen(f"{url}/conversations/rest:{sender}/tracker", timeout=30) as response:
        return json.load(response)["slots"].get("requested_slot")


def tier_in(replies: list):
    for reply in replies:
        text = reply.get("text") or ""
        for tier in LABELS:
            if text.startswith(tier.label + ":"):
                return tier
    return None


def converse(url: str, vignette: dict):
    """(tier or None, transcript) for one vignette."""
    sender = f"eval-{vignette['id']}-{uuid.uuid4().hex[:8]}"
    message, transcript = vignette["message"], []
    for _ in range(MAX_TURNS):
        replies = post(url, "/webhooks/rest/webhook", {"sender": sender, "message": message})
        transcript.append((message, [r.get("text", "") for r in replies]))
        tier = tier_in(replies)
        if tier is not None:
            return tier, transcript
        slot = requested_slot(url, sender)
        if slot is None:
            return None, transcript
        if slot == "details_confirmed":
            message = "/affirm"
        else:
            answer = (vignette.get("answers") or {}).get(ANSWER_FOR.get(slot, ""))
            message = str(answer) if answer is not None else "not sure"
    return None, transcript


def evaluate(url: str, path: Path) -> int:
    rows = []
    for vignette in load_vignettes(path):
        tier, transcript = converse(url, vignette)
        predicted = tier if tier is not None else Tier.SELF_CARE  # no outcome counts as the lowest
        detail = "no outcome: " + json.dumps(transcript)[-300:] if tier is None else f"{len(transcript)} turns"
        rows.append((vignette, Tier.from_label(vignette["expected"]), predicted, detail))
    return report(f"{path} over REST", rows)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model", nargs="?", default=str(ROOT / "models/twitch-assistant.tar.gz"))
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--url", help="use a bot that is already running")
    args = parser.parse_args()
    files = args.files or DEFAULT_FILES
    if args.url:
        under = sum(evaluate(args.url, f) for f in files)
    else:
        with running_bot(args.model) as url:
            under = sum(evaluate(url, f) for f in files)
    return 1 if under else 0


if __name__ == "__main__":
    sys.exit(main())
