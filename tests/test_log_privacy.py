"""The log filter: Rasa's, rasa-sdk's and Sanic's log lines lose user text, trackers and ids."""

import io
import json
import logging

import pytest

from actions import log_privacy
from actions.log_privacy import REDACTED, PrivateDataFilter, redact, remember_user_text

SECRET = "my left calf zq41 twitches"

# (a log line Rasa, rasa-sdk or Sanic writes, what must go, what must stay)
LINES = {
    "received message": (
        f"Received user message '{SECRET}' with intent '{{'name': 'describe_symptoms'}}' and entities '[]'",
        ["zq41", "describe_symptoms"],
        ["Received user message", "with intent"],
    ),
    "slot values": (
        "Current slot values: \n\tbody_locations: ['left calf']\n\tonset: gradual\n\trequested_slot: onset",
        ["left calf", "gradual", ": onset"],
        ["\tbody_locations: ", "\tonset: ", "Current slot values"],
    ),
    "event reprs": (
        "[UserUttered(text: calf zq41, twitching, intent: describe_symptoms, entities: calf (Type: body_location, "
        "Role: None, Group: None), use_text_for_featurization: False), BotUttered(text: zq41 noted, data: {}, metadata: {})]",
        ["zq41", "calf"],
        [],
    ),
    "single event": (
        "Applied SlotSet(key: symptom_findings, value: calf zq41 (since monday)) to the tracker",
        ["zq41", "monday"],
        ["SlotSet(key: symptom_findings, value: ", "to the tracker"],
    ),
    "tracker dump": (
        json.dumps({"sender_id": "rest:ann", "events": [{"event": "user", "text": SECRET}]}) + " was sent",
        ["zq41", "ann"],
        ["was sent"],
    ),
    "structlog json": (
        json.dumps(
            {
                "event": "processor.message.parse",
                "parse_data_text": SECRET,
                "level": "debug",
                "parse_data_entities": [{"value": "calf"}],
            }
        ),
        ["zq41", "calf"],
        ["processor.message.parse", "debug"],
    ),
    "client error with echoed body": (
        'aiohttp.client_exceptions.ClientResponseError: 500, message=\'{"error": "x", "request_body": '
        '{"tracker": {"events": [{"text": "' + SECRET + "\"}]}}}', url=URL('http://127.0.0.1:5055/webhook')",
        ["zq41", "request_body"],
        ["ClientResponseError: 500", "http://127.0.0.1:5055/webhook"],
    ),
    "conversation ids": (
        "Lock for conversation rest:jane.doe@example.com and slack:U024BE7LH_C1_17.2 released",
        ["jane", "U024BE7LH"],
        ["Lock for conversation rest:#", "slack:#", "released"],
    ),
    "quoted id": ("Starting a new session for conversation ID 'telegram:123456789'.", ["123456789"], ["telegram:#"]),
    "tracker state": (
        "[state 2] user text: zq41 hurts | previous action name: action_listen",
        ["zq41"],
        ["previous action name: action_listen", "user text: "],
    ),
    "token in a url": (
        "GET http://127.0.0.1:5005/conversations?token=s3cr3t-value&x=1 200",
        ["s3cr3t-value"],
        ["token=", "&x=1 200"],
    ),
    "own names stay": (
        "Predicted next action 'utter_ask_onset' with confidence 1.00; form 'symptom_form'",
        [],
        ["'utter_ask_onset'", "'symptom_form'"],
    ),
    "traceback paths stay": (
        '  File "/work/rasa/core/processor.py", line 982, in _run_action',
        [],
        ['"/work/rasa/core/processor.py"'],
    ),
    "compiled module paths stay": (
        '  File "uvloop/loop.pyx", line 1307, in uvloop.loop.Loop.call_later',
        [],
        ['"uvloop/loop.pyx"'],
    ),
    "prose apostrophes stay": (
        "Couldn't connect; the action server isn't up",
        [],
        ["Couldn't connect; the action server isn't up"],
    ),
}


@pytest.mark.parametrize("line,gone,kept", LINES.values(), ids=LINES.keys())
def test_redact(line, gone, kept):
    out = redact(line)
    for word in gone:
        assert word not in out, out
    for part in kept:
        assert part in out, out
    assert redact(out) == out  # stable: filtering twice changes nothing


def test_the_same_id_gets_the_same_reference_and_others_differ():
    a, b, c = (redact(f"id rest:{x} here") for x in ("ann", "ann", "bob"))
    assert a == b != c


@pytest.mark.parametrize("level", [logging.WARNING, logging.ERROR])
def test_remembered_user_text_goes_from_warnings_and_errors_wherever_it_is(level):
    remember_user_text("unquoted words zq42 in prose")
    record = logging.LogRecord(
        "rasa.core.processor", level, __file__, 1, "it failed on unquoted words zq42 in prose, %s", ("really",), None
    )
    PrivateDataFilter().filter(record)
    assert record.getMessage() == f"it failed on {REDACTED}, really"


def test_a_traceback_loses_user_text_and_keeps_its_frames():
    remember_user_text("zq43 and more")
    try:
        raise RuntimeError("could not read zq43 and more")
    except RuntimeError:
        import sys

        record = logging.LogRecord("rasa", logging.ERROR, __file__, 1, "Encountered an exception", None, sys.exc_info())
    PrivateDataFilter().filter(record)
    text = logging.Formatter().format(record)
    assert "zq43" not in text and "RuntimeError: could not read" in text and "Traceback" in text


def test_install_puts_the_filter_on_every_handler_and_is_idempotent():
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    logging.getLogger("sanic.error").addHandler(handler)
    try:
        log_privacy.install()
        log_privacy.install()
        assert handler.filters.count(log_privacy._FILTER) == 1
        logging.getLogger("sanic.error").error("Exception occurred while handling uri: 'http://x/?token=abc123'")
        assert "abc123" not in stream.getvalue() and "Exception occurred" in stream.getvalue()
    finally:
        logging.getLogger("sanic.error").removeHandler(handler)


def test_a_broken_record_is_withheld_not_written():
    record = logging.LogRecord("rasa", logging.INFO, __file__, 1, "%d items", ("not a number",), None)
    assert PrivateDataFilter().filter(record)
    assert "withheld" in record.getMessage()
