"""A logging filter that keeps what users wrote, their trackers and their ids out of log lines.

Why: Rasa, rasa-sdk and Sanic log user messages, slot values and parse data at DEBUG, and on
an action failure Rasa logs at ERROR the action server's answer, which held the whole tracker
(every user message and the raw sender id). The filter sits on every handler of the process
(`install()`), so it sees each record whatever logger made it, errors and tracebacks
included, and rewrites it before it is written:
  - conversation ids ("rest:...", "socketio:...", "slack:...", "telegram:...") become a short
    hash, the same for the same id, so lines of one conversation can still be followed;
  - serialized data ({...} or [...] holding quotes) becomes "{…}" / "[…]"; a line that is
    one JSON object (structlog's JSON output) keeps its keys and loses its values;
  - quoted text becomes '<redacted>', except names of the bot's own parts (snake_case with an
    underscore, e.g. 'utter_greet', 'symptom_form'), plain URLs and file paths;
  - the text, entities and slot values in Rasa's event reprs (UserUttered, BotUttered,
    SlotSet) become <redacted>;
  - slot value lines ("\tname: value") and tracker-state "user text: ..." lose their values;
  - token=... in URLs loses its value;
  - at WARNING and above, and in tracebacks, any text a channel recently received
    (`remember_user_text`) is removed wherever it appears.
Plain Python (logging, re, json): both servers use it.
"""

import collections
import hashlib
import json
import logging
import re
import threading
from typing import Any, Deque, Iterable, Optional, Text

REDACTED = "<redacted>"
CHANNELS = ("rest", "socketio", "slack", "telegram")
RECENT_TEXTS = 500  # texts kept for redaction at WARNING+ (a few minutes of traffic)
MIN_REMEMBERED_CHARS = 4  # shorter texts ("yes", "no") are everywhere in log prose
KEPT_JSON_KEYS = frozenset({"event", "level", "log_level", "timestamp", "logger", "action_name", "policy_name"})

_CONVERSATION_ID = re.compile(r"\b(" + "|".join(CHANNELS) + r"):([A-Za-z0-9_.@-][A-Za-z0-9_.:@-]*)")
_QUOTED = re.compile(r"""(?<![A-Za-z0-9])(['"])(.*?)\1(?![A-Za-z0-9])""")
# Kept when quoted: the bot's own names (snake_case), plain URLs, file paths (tracebacks).
_OWN_NAME = re.compile(
    r"^[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)+$|^https?://[^\s?#'\"]+$|^/[^\s'\"]*$|^[\w./<>-]+\.pyx?$|^<redacted>$"
    r"|^(?:" + "|".join(CHANNELS) + r"):#[0-9a-f]{10}$"
)
_SLOT_LINE = re.compile(r"(?m)^(\t[A-Za-z0-9_]+: ).+$")
_USER_TEXT_STATE = re.compile(r"(user text: )[^|\n]*")
# Rasa's event reprs: UserUttered(text: ..., intent: ..., entities: ..., use_text...),
# BotUttered(text: ..., data: ...), SlotSet(key: ..., value: ...).
_EVENT_TEXT = re.compile(r"((?:UserUttered|BotUttered)\(text: ).*?(?=, intent: |, data: |\)(?:,|\]|\s|$))", re.M)
_EVENT_ENTITIES = re.compile(r"(, entities: ).*?(?=, use_text_for_featurization)")
_SLOT_SET = re.compile(r"(SlotSet\(key: [A-Za-z0-9_]+, value: ).*?(?=\)(?:,|\]|\s|$))", re.M)
_URL_TOKEN = re.compile(r"((?:[?&]|\b)(?:token|auth_token|access_token|secret)=)[^&\s'\"]+", re.IGNORECASE)
_OPENERS = {"{": "}", "[": "]"}

_recent: Deque[Text] = collections.deque(maxlen=RECENT_TEXTS)
_recent_lock = threading.Lock()


def remember_user_text(text: Any) -> None:
    """A text a user sent: removed from warnings, errors and tracebacks from now on."""
    if isinstance(text, str) and len(text) >= MIN_REMEMBERED_CHARS:
        with _recent_lock:
            if text not in _recent:
                _recent.append(text)


def conversation_ref(channel: Text, local: Text) -> Text:
    return f"{channel}:#{hashlib.sha256(local.encode('utf-8', 'replace')).hexdigest()[:10]}"


def _blobs(text: Text) -> Text:
    """Replace bracketed data holding quotes or key: value pairs with an ellipsis."""
    out, index = [], 0
    while index < len(text):
        char = text[index]
        if char in _OPENERS:
            end = _matching(text, index)
            if end is not None:
                inner = text[index + 1 : end]
                if any(mark in inner for mark in "'\":"):
                    out.append(char + "…" + _OPENERS[char])
                    index = end + 1
                    continue
        out.append(char)
        index += 1
    return "".join(out)


def _matching(text: Text, start: int) -> Optional[int]:
    depth = 0
    for index in range(start, len(text)):
        if text[index] in "{[":
            depth += 1
        elif text[index] in "}]":
            depth -= 1
            if depth == 0:
                return index
    return None


def _quoted(match: "re.Match") -> Text:
    quote, inner = match.group(1), match.group(2)
    return match.group(0) if _OWN_NAME.match(inner) else f"{quote}{REDACTED}{quote}"


def _json_values(value: Any, key: Optional[Text] = None) -> Any:
    if isinstance(value, dict):
        return {k: _json_values(v, k) for k, v in value.items()}
    if key in KEPT_JSON_KEYS and isinstance(value, str):
        return value
    if isinstance(value, list):
        return REDACTED
    if key in KEPT_JSON_KEYS or isinstance(value, (bool, int, float)) or value is None:
        return value
    return REDACTED


def _whole_json(text: Text) -> Optional[Text]:
    stripped = text.strip()
    if not (stripped.startswith("{") and stripped.endswith("}")):
        return None
    try:
        value = json.loads(stripped)
    except ValueError:
        return None
    return json.dumps(_json_values(value), ensure_ascii=False) if isinstance(value, dict) else None


def redact(text: Text, known: Iterable[Text] = ()) -> Text:
    """`text` without user text, trackers, conversation ids or URL tokens."""
    for remembered in known:
        if remembered in text:
            text = text.replace(remembered, REDACTED)
        escaped = json.dumps(remembered, ensure_ascii=True)[1:-1]
        if escaped != remembered and escaped in text:
            text = text.replace(escaped, REDACTED)
    text = _CONVERSATION_ID.sub(lambda m: conversation_ref(m.group(1), m.group(2)), text)
    text = _URL_TOKEN.sub(lambda m: m.group(1) + REDACTED, text)
    whole = _whole_json(text)
    if whole is not None:
        return whole
    for pattern in (_EVENT_TEXT, _EVENT_ENTITIES, _SLOT_SET):
        text = pattern.sub(lambda m: m.group(1) + REDACTED, text)
    text = _blobs(text)
    text = _QUOTED.sub(_quoted, text)
    text = _SLOT_LINE.sub(lambda m: m.group(1) + REDACTED, text)
    return _USER_TEXT_STATE.sub(lambda m: m.group(1) + REDACTED, text)


class PrivateDataFilter(logging.Filter):
    """Rewrites each record's message, traceback and stack with `redact`; drops nothing."""

    _formatter = logging.Formatter()

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "_private_data_removed", False):
            return True
        try:
            with _recent_lock:
                known = tuple(reversed(_recent)) if record.levelno >= logging.WARNING or record.exc_info else ()
            record.msg, record.args = redact(record.getMessage(), known), None
            if record.exc_info:
                record.exc_text = redact(record.exc_text or self._formatter.formatException(record.exc_info), known)
            elif record.exc_text:
                record.exc_text = redact(record.exc_text, known)
            if record.stack_info:
                record.stack_info = redact(record.stack_info, known)
        except Exception:  # a log line must never be lost, nor written unredacted
            record.msg, record.args, record.exc_info, record.exc_text = (
                "<log line withheld: redaction failed>",
                None,
                None,
                None,
            )
        record._private_data_removed = True
        return True


_FILTER = PrivateDataFilter()


def install(extra_loggers: Iterable[Text] = ("rasa", "rasa_sdk", "sanic.root", "sanic.error", "sanic.access")) -> None:
    """Put the filter on every handler there is now (root's and each logger's), and on the
    loggers themselves. Idempotent; call again once more handlers exist (server start)."""
    loggers = [logging.getLogger()] + [logging.getLogger(name) for name in extra_loggers]
    loggers += [item for item in list(logging.Logger.manager.loggerDict.values()) if isinstance(item, logging.Logger)]
    for logger in loggers:
        if _FILTER not in logger.filters:
            logger.addFilter(_FILTER)
        for handler in logger.handlers:
            if _FILTER not in handler.filters:
                handler.addFilter(_FILTER)
