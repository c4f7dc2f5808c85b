"""What every channel does with a user's text before it reaches the NLU: one policy.

Why: Rasa 3.6 passes any text straight on. One 35 KB message stalled every user for
~2.4 s (140 KB: ~37 s), control characters and lone surrogates break later encoding, and
a user can type "/emergency" or "/inform{...}" to set an intent or entity directly,
skipping the NLU and its safety checks. So, on REST, socket.io, Slack and Telegram alike:
  - control characters are removed and the text is NFC-normalised;
  - an empty or over-long message is answered by the channel and never sent to Rasa;
  - a message starting with "/" is a payload only if the bot offers it as a button,
    anything else is read as plain text;
  - client metadata is kept only if it is a JSON object of at most MAX_METADATA_BYTES
    (Rasa stores it with every message, twice; a 1 MB blob per message filled the disk);
  - the text is given to the log filter (actions/log_privacy.py), which keeps it out of
    warnings, errors and tracebacks.
"""

import json
import re
import unicodedata
from typing import Any, NamedTuple, Optional, Text

from actions.log_privacy import remember_user_text

MAX_MESSAGE_CHARS = 2000  # the NLU takes seconds on tens of KB and blocks every user meanwhile
MAX_METADATA_BYTES = 1000  # a page name, a language, a client version: nothing the bot needs more of

# Bot messages answered by the channel itself. They live here rather than in domain.yml
# because the channel answers without running the model (the domain is not available).
EMPTY_MESSAGE_REPLY = 'Please type a message — for example, "what causes muscle twitching?"'
TOO_LONG_REPLY = (
    f"Sorry, that message is too long for me (the limit is {MAX_MESSAGE_CHARS:,} characters), "
    "so I have not read any of it, not even the first part. "
    "Please send a shorter description of your symptoms or question."
)

# The only "/..." payloads that may reach Rasa as intents: the ones the bot itself offers
# as buttons (domain.yml `buttons:`) plus /greet and /restart sent by the chat clients.
# Anything else typed with a leading "/" (e.g. "/emergency", "/inform{"onset": ...}" with
# another value) would set an intent or entity directly, skipping the NLU, so it is read
# as plain text instead. tests/test_rest_channel.py checks this against domain.yml.
ALLOWED_PAYLOADS = frozenset(
    {
        "/affirm",
        "/deny",
        "/not_sure",
        "/describe_symptoms",
        "/request_summary",
        "/sign_happening_now",
        "/sign_not_now",
        "/greet",
        "/restart",
        '/inform{"onset": "sudden"}',
        '/inform{"onset": "gradual"}',
    }
)

# C0/C1 controls and DEL (except tab and newline), and lone surrogates, which JSON's
# "\ud800" escapes can produce and which cannot be encoded as UTF-8 later on.
_UNWANTED_CHARS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


class Inbound(NamedTuple):
    text: Text  # cleaned, what Rasa receives; "" when not sent to Rasa
    outcome: Text  # "message", "payload", "slash_stripped", "empty" or "too_long"

    @property
    def reply(self) -> Optional[Text]:
        """The channel's own answer when the text is not sent to Rasa."""
        return {"empty": EMPTY_MESSAGE_REPLY, "too_long": TOO_LONG_REPLY}.get(self.outcome)


def clean_text(text: Text) -> Text:
    text = _UNWANTED_CHARS.sub("", text)
    return unicodedata.normalize("NFC", text).strip()


def reject_json_constant(name: Text) -> Any:
    raise ValueError(f"{name} is not JSON")


def canonical_payload(text: Text) -> Optional[Text]:
    """The allowed payload `text` stands for (JSON spacing may differ), or None."""
    if text in ALLOWED_PAYLOADS:
        return text
    intent, brace, entities = text.partition("{")
    if not brace:
        return None
    try:
        value = json.loads(brace + entities, parse_constant=reject_json_constant)
    except (ValueError, RecursionError):
        return None
    if not isinstance(value, dict):
        return None
    candidate = intent + json.dumps(value, ensure_ascii=False)
    return candidate if candidate in ALLOWED_PAYLOADS else None


def read_metadata(metadata: Any) -> Optional[dict]:
    """Client metadata as Rasa may store it: a small JSON object, or nothing."""
    if not isinstance(metadata, dict) or not metadata:
        return None
    try:
        size = len(json.dumps(metadata, ensure_ascii=False, allow_nan=False).encode("utf-8"))
    except (TypeError, ValueError, RecursionError):
        return None
    return metadata if size <= MAX_METADATA_BYTES else None


def read_text(message: Text) -> Inbound:
    """What to do with one user text, whatever the channel."""
    text = clean_text(message)
    if len(text) > MAX_MESSAGE_CHARS:
        return Inbound("", "too_long")
    remember_user_text(text)  # so no warning or traceback can carry it into a log
    outcome = "message"
    if text.startswith("/"):
        payload = canonical_payload(text)
        if payload is not None:
            text, outcome = payload, "payload"
        else:
            # Strip slashes and the spaces between them: "/ /emergency" must not become
            # "/emergency" again once Rasa strips the text.
            while text.startswith("/"):
                text = text.lstrip("/").strip()
            outcome = "slash_stripped"
    if not text:
        return Inbound("", "empty")
    return Inbound(text, outcome)
