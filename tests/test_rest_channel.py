"""The validating REST channel: every kind of bad input, against a real server.

Rasa's own loader and `register` serve the channel on 127.0.0.1 (tests/fakes/rasa_app.py);
a scripted agent stands in for the model, records what reached Rasa and answers
"You said: <text>". Every wait is bounded.
"""

import json
import logging

import aiohttp
import pytest
import pytest_asyncio

from addons.channels.inbound import (
    ALLOWED_PAYLOADS,
    EMPTY_MESSAGE_REPLY,
    MAX_MESSAGE_CHARS,
    MAX_METADATA_BYTES,
    TOO_LONG_REPLY,
)
from addons.channels.rest import MAX_BODY_BYTES, SafeRestInput
from tests.fakes.rasa_app import serve

pytestmark = pytest.mark.servers
CREDENTIALS = "addons.channels.rest.SafeRestInput:\n"
SENDER = "user-1"
JSON = "application/json"


@pytest_asyncio.fixture
async def rest(tmp_path):
    """(post, agent): `post(body, content_type, query)` -> (status, content type, text)."""
    async with serve(CREDENTIALS, tmp_path) as (url, agent, channels):
        assert isinstance(channels[0], SafeRestInput)
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=10)) as http:

            async def post(body, content_type=JSON, query=""):
                if isinstance(body, (dict, list, str, type(None))):
                    body = json.dumps(body).encode()
                async with http.post(
                    url + "/webhooks/rest/webhook" + query, data=body, headers={"Content-Type": content_type}
                ) as answer:
                    return answer.status, answer.content_type, await answer.text()

            yield post, agent


def msg(message, sender=SENDER, **extra):
    return {"sender": sender, "message": message, **extra}


# --- refused with 400 ------------------------------------------------------------

BAD_REQUESTS = {
    "array body": (b'[{"sender": "a", "message": "hi"}]', JSON),
    "number body": (b"42", JSON),
    "null body": (b"null", JSON),
    "string body": (b'"hello"', JSON),
    "empty body": (b"", JSON),
    "malformed json": (b'{"sender": "a", "message": "hi"', JSON),
    "form body": (b"sender=a&message=hi", "application/x-www-form-urlencoded"),
    "plain text body": (b"hello there", "text/plain"),
    "binary body": (b"\xff\xfe\x00\x01garbage\x80", "application/octet-stream"),
    "deeply nested json": (b"[" * 100_000 + b"]" * 100_000, JSON),
    "NaN is not json": (b'{"sender": "a", "message": "hi", "metadata": {"x": NaN}}', JSON),
    "missing sender": (json.dumps({"message": "my leg twitches"}).encode(), JSON),
    "null sender": (json.dumps(msg("hi", sender=None)).encode(), JSON),
    "empty sender": (json.dumps(msg("hi", sender="")).encode(), JSON),
    "numeric sender": (json.dumps(msg("hi", sender=42)).encode(), JSON),
    "object sender": (json.dumps(msg("hi", sender={"id": "a"})).encode(), JSON),
    "129-character sender": (json.dumps(msg("hi", sender="a" * 129)).encode(), JSON),
    "huge sender": (json.dumps(msg("hi", sender="a" * 100_000)).encode(), JSON),
    "sender with a space": (json.dumps(msg("hi", sender="a b")).encode(), JSON),
    "sender with a newline": (json.dumps(msg("hi", sender="abc\n")).encode(), JSON),
    "sender with html": (json.dumps(msg("hi", sender="<script>")).encode(), JSON),
    "non-ascii sender": (json.dumps(msg("hi", sender="usér")).encode(), JSON),
    "sender path traversal": (json.dumps(msg("hi", sender="../x")).encode(), JSON),
    "shared default sender": (json.dumps(msg("hi", sender="default")).encode(), JSON),
    "missing message": (json.dumps({"sender": SENDER}).encode(), JSON),
    "null message": (json.dumps(msg(None)).encode(), JSON),
    "numeric message": (json.dumps(msg(12)).encode(), JSON),
    "list message": (json.dumps(msg(["hi"])).encode(), JSON),
    "object message": (json.dumps(msg({"text": "hi"})).encode(), JSON),
}


@pytest.mark.asyncio
@pytest.mark.parametrize("body,content_type", BAD_REQUESTS.values(), ids=BAD_REQUESTS.keys())
async def test_bad_requests_get_400_with_a_plain_reason_and_reach_nothing(rest, body, content_type):
    post, agent = rest
    status, answer_type, text = await post(body, content_type)
    assert status == 400 and answer_type == JSON
    error = json.loads(text)["error"]
    assert isinstance(error, str) and len(error) > 20 and "Traceback" not in text
    assert agent.messages == []


@pytest.mark.asyncio
@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "chunked"])
async def test_a_body_over_the_server_limit_is_refused_with_413_before_it_is_read(rest, chunked):
    post, agent = rest
    body = json.dumps(msg("a" * (MAX_BODY_BYTES + 1))).encode()

    async def chunks():
        for start in range(0, len(body), 65536):
            yield body[start : start + 65536]

    status, answer_type, text = await post(chunks() if chunked else body)
    assert status == 413 and answer_type == JSON and "too large" in json.loads(text)["error"]
    assert agent.messages == []


# --- answered by the channel itself, nothing reaches Rasa --------------------------

LOCAL_ANSWERS = {
    "empty": ("", EMPTY_MESSAGE_REPLY),
    "spaces": ("   ", EMPTY_MESSAGE_REPLY),
    "whitespace and newlines": (" \n\t\r\n ", EMPTY_MESSAGE_REPLY),
    "control characters only": ("\x00\x01\x07\x1b\x7f\x85", EMPTY_MESSAGE_REPLY),
    "lone surrogates only": ("\udfff\ud800", EMPTY_MESSAGE_REPLY),
    "just a slash": ("/", EMPTY_MESSAGE_REPLY),
    "slashes and spaces": ("/ // /", EMPTY_MESSAGE_REPLY),
    "one over the limit": ("a" * (MAX_MESSAGE_CHARS + 1), TOO_LONG_REPLY),
    "35 KB": ("my arm twitches " * 2200, TOO_LONG_REPLY),
    "140 KB": ("x" * 140_000, TOO_LONG_REPLY),
    "long after cleaning": ("\x00" * 10 + "a" * (MAX_MESSAGE_CHARS + 1), TOO_LONG_REPLY),
    "long payload-looking": ("/" + "a" * MAX_MESSAGE_CHARS, TOO_LONG_REPLY),
}


@pytest.mark.asyncio
@pytest.mark.parametrize("message,reply", LOCAL_ANSWERS.values(), ids=LOCAL_ANSWERS.keys())
async def test_empty_or_too_long_messages_are_answered_without_rasa(rest, message, reply):
    post, agent = rest
    status, answer_type, text = await post(msg(message))
    assert (status, answer_type) == (200, JSON)
    assert json.loads(text) == [{"recipient_id": SENDER, "text": reply}]
    assert agent.messages == []


def test_notices_say_what_to_do():
    assert "for example" in EMPTY_MESSAGE_REPLY
    assert "2,000" in TOO_LONG_REPLY and "not read any of it" in TOO_LONG_REPLY
    assert "shorter" in TOO_LONG_REPLY


# --- passed to Rasa, cleaned -------------------------------------------------------

PASSED = {
    "plain": ("what causes muscle twitching?", "what causes muscle twitching?"),
    "surrounding spaces": ("  my eyelid twitches \n", "my eyelid twitches"),
    "NUL and controls removed": ("my\x00 leg\x07 twitches\x1b", "my leg twitches"),
    "tab and newline kept": ("left arm\tsince monday\nmostly at night", "left arm\tsince monday\nmostly at night"),
    "CRLF becomes LF": ("line one\r\nline two", "line one\nline two"),
    "lone surrogate removed": ("calf\ud83d twitch", "calf twitch"),
    "NFC": ("cafe\u0301ine", "caf\u00e9ine"),
    "emoji kept": ("eye 👁️ twitching", "eye 👁️ twitching"),
    "html kept as text": ("<script>alert(1)</script><b>hi</b>", "<script>alert(1)</script><b>hi</b>"),
    "sql-looking kept": ("'; DROP TABLE events; --", "'; DROP TABLE events; --"),
    "exactly the limit": ("a" * MAX_MESSAGE_CHARS, "a" * MAX_MESSAGE_CHARS),
    "limit counted after cleaning": ("a" * MAX_MESSAGE_CHARS + "\x00" * 50, "a" * MAX_MESSAGE_CHARS),
    "limit counted after NFC": ("e\u0301" * 1500, "\u00e9" * 1500),
    "slash inside text": ("twitching 3/10 severity", "twitching 3/10 severity"),
}


@pytest.mark.asyncio
@pytest.mark.parametrize("message,expected", PASSED.values(), ids=PASSED.keys())
async def test_messages_reach_rasa_cleaned(rest, message, expected):
    post, agent = rest
    status, _, text = await post(msg(message))
    assert status == 200
    assert [m.text for m in agent.messages] == [expected]
    assert json.loads(text) == [{"recipient_id": SENDER, "text": f"You said: {expected}"}]


# --- payloads: only the bot's own buttons ----------------------------------------

PAYLOADS = {
    **{p: (p, p) for p in sorted(ALLOWED_PAYLOADS)},
    "padded": ("  /deny \n", "/deny"),
    "compact json": ('/inform{"onset":"gradual"}', '/inform{"onset": "gradual"}'),
    "loose json": ('/inform{ "onset" :\n"sudden" }', '/inform{"onset": "sudden"}'),
    # injections: read as plain text
    "emergency": ("/emergency", "emergency"),
    "double slash": ("//emergency", "emergency"),
    "slash space slash": ("/ /emergency", "emergency"),
    "control char before slash": ("\x00/emergency", "emergency"),
    "unknown onset": ('/inform{"onset": "chronic"}', 'inform{"onset": "chronic"}'),
    "extra entity": ('/inform{"onset": "sudden", "red_flag": "yes"}', 'inform{"onset": "sudden", "red_flag": "yes"}'),
    "confidence": ("/affirm@0.99", "affirm@0.99"),
    "other case": ("/AFFIRM", "AFFIRM"),
    "trailing words": ("/affirm and more", "affirm and more"),
    "intent with space": ('/inform {"onset": "sudden"}', 'inform {"onset": "sudden"}'),
    "broken json": ('/inform{"onset": ', 'inform{"onset":'),
    "session start": ("/session_start", "session_start"),
}


@pytest.mark.asyncio
@pytest.mark.parametrize("message,expected", PAYLOADS.values(), ids=PAYLOADS.keys())
async def test_only_offered_payloads_pass_others_become_text(rest, message, expected):
    post, agent = rest
    status, _, _ = await post(msg(message))
    assert status == 200
    assert [m.text for m in agent.messages] == [expected]


# --- metadata, channel name, content types, streaming ------------------------------


@pytest.mark.asyncio
@pytest.mark.parametrize(
    "metadata,expected",
    [
        ({"page": "faq"}, {"page": "faq"}),
        ("x", None),
        ([1, 2], None),
        (7, None),
        (None, None),
        ({}, None),
        ({"page": "p" * (MAX_METADATA_BYTES - 20)}, {"page": "p" * (MAX_METADATA_BYTES - 20)}),
        ({"page": "p" * MAX_METADATA_BYTES}, None),
        ({"blob": ["x" * 100] * 1000}, None),
    ],
    ids=["object", "string", "list", "number", "null", "empty", "just under the cap", "over the cap", "huge"],
)
async def test_metadata_only_as_a_small_object(rest, metadata, expected):
    post, agent = rest
    status, _, _ = await post(msg("hi", metadata=metadata))
    assert status == 200 and agent.messages[0].metadata == expected


@pytest.mark.asyncio
async def test_channel_keeps_rasa_names_and_ignores_a_client_input_channel(rest):
    post, agent = rest
    status, _, _ = await post(msg("hi", input_channel="slack"))
    assert status == 200
    assert SafeRestInput.name() == "rest"
    (message,) = agent.messages
    assert (message.input_channel, message.sender_id) == ("rest", "rest:" + SENDER)


@pytest.mark.asyncio
@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded", ""])
async def test_a_json_object_is_accepted_whatever_the_content_type_like_rasa(rest, content_type):
    post, agent = rest
    status, _, text = await post(json.dumps(msg("hi")).encode(), content_type)
    assert status == 200 and json.loads(text)[0]["text"] == "You said: hi"


@pytest.mark.asyncio
async def test_longest_allowed_sender_and_email_like_ids_are_fine(rest):
    post, agent = rest
    for sender in ["a" * 128, "jane.doe@example.com", "web:3f2a-11_x"]:
        status, _, _ = await post(msg("hi", sender=sender))
        assert status == 200
    assert [m.sender_id for m in agent.messages] == [
        "rest:" + "a" * 128,
        "rest:jane.doe@example.com",
        "rest:web:3f2a-11_x",
    ]


@pytest.mark.asyncio
@pytest.mark.parametrize(
    "message,lines,reached",
    [
        ("hello", [{"recipient_id": SENDER, "text": "You said: hello"}], ["hello"]),
        ("   ", [{"recipient_id": SENDER, "text": EMPTY_MESSAGE_REPLY}], []),
        ("b" * 5000, [{"recipient_id": SENDER, "text": TOO_LONG_REPLY}], []),
        ("/session_start", [{"recipient_id": SENDER, "text": "You said: session_start"}], ["session_start"]),
    ],
)
async def test_streamed_replies_use_rasas_line_format(rest, message, lines, reached):
    post, agent = rest
    status, _, text = await post(msg(message), query="?stream=true")
    assert status == 200
    assert [json.loads(line) for line in text.splitlines()] == lines
    assert [m.text for m in agent.messages] == reached


@pytest.mark.asyncio
@pytest.mark.parametrize("query", ["", "?stream=true"])
async def test_a_failing_agent_gives_200_without_text_in_the_log(rest, query, caplog):
    post, agent = rest

    async def broken(message):
        raise RuntimeError("agent exploded")

    agent.handle_message = broken
    caplog.set_level(logging.DEBUG)
    status, _, text = await post(msg("secret symptom zq81"), query=query)  # bounded by the client timeout
    assert status == 200 and text.strip() in ("[]", "")
    assert "failed" in caplog.text and "zq81" not in caplog.text


# --- logs ---------------------------------------------------------------------------

LOGGED_CASES = [
    msg("my private symptom zq77 started"),
    msg("   zq77   " + "\x00"),
    msg("/emergency zq77"),
    msg('/inform{"onset": "zq77"}'),
    msg("zq77 " * 1000),
    msg("zq77", sender="a b"),
    msg("zq77", sender="default"),
    {"message": "zq77 missing sender"},
]


@pytest.mark.asyncio
async def test_no_message_text_or_raw_sender_in_logs(rest, caplog):
    post, agent = rest
    caplog.set_level(logging.DEBUG)
    statuses = [(await post(body))[0] for body in LOGGED_CASES]
    await post(msg("/affirm", sender="private-sender-zq88"))
    assert statuses == [200, 200, 200, 200, 200, 400, 400, 400]
    info = "\n".join(r.getMessage() for r in caplog.records if r.levelno >= logging.INFO)
    ours = "\n".join(r.getMessage() for r in caplog.records if r.name == "addons.channels.rest")
    assert "refused (400)" in info and "not sent to Rasa" in info and "read as text" in info
    for logged in (info, ours):
        assert "zq77" not in logged and "zq88" not in logged and "emergency" not in logged


def test_every_button_payload_in_the_domain_is_allowed(domain_dict):
    """A button added to domain.yml must be added to ALLOWED_PAYLOADS, or its clicks become text."""
    offered = {
        button["payload"].replace("{{", "{").replace("}}", "}")  # domain.yml escapes braces
        for variations in domain_dict["responses"].values()
        for response in variations
        for button in response.get("buttons") or []
        if button.get("payload", "").startswith("/")
    }
    assert offered and offered <= ALLOWED_PAYLOADS


# --- who may use the channel -----------------------------------------------------

REST_TOKEN = "rest-token-0123456789-abcdefghijklmnopqrstuvwxyz"


@pytest_asyncio.fixture
async def rest_with_token(tmp_path, monkeypatch):
    """post(headers) -> status, with REST_CHANNEL_TOKEN set."""
    monkeypatch.setenv("REST_CHANNEL_TOKEN", REST_TOKEN)
    async with serve(CREDENTIALS, tmp_path) as (url, agent, channels):
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=10)) as http:

            async def post(headers):
                async with http.post(url + "/webhooks/rest/webhook", json=msg("hi zq5"), headers=headers) as answer:
                    return answer.status, await answer.text()

            yield post, agent


@pytest.mark.asyncio
@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer"},
        {"Authorization": "Bearer wrong"},
        {"Authorization": REST_TOKEN},
        {"Authorization": "Basic " + REST_TOKEN},
        {"Authorization": "Bearer " + REST_TOKEN[:-1]},
        {"Authorization": "Bearer " + REST_TOKEN + "é"},
    ],
    ids=["none", "empty bearer", "wrong", "no scheme", "basic", "one short", "non-ascii"],
)
async def test_with_a_token_configured_messages_without_it_are_refused(rest_with_token, headers, caplog):
    post, agent = rest_with_token
    status, text = await post(headers)
    assert status == 401 and "Bearer" in json.loads(text)["error"]
    assert agent.messages == [] and REST_TOKEN not in caplog.text


@pytest.mark.asyncio
async def test_with_a_token_configured_the_right_one_is_accepted(rest_with_token):
    post, agent = rest_with_token
    status, _ = await post({"Authorization": "Bearer " + REST_TOKEN})
    assert status == 200 and [m.text for m in agent.messages] == ["hi zq5"]


class _State:
    def __init__(self, host):
        self.host, self.sock = host, None


class _Request:
    def __init__(self, host, headers=None):
        self.app = type("App", (), {"state": _State(host)})()
        self.headers = headers or {}


@pytest.mark.parametrize(
    "host,token,headers,status",
    [
        ("127.0.0.1", None, {}, None),
        ("::1", None, {}, None),
        ("localhost", None, {}, None),
        ("0.0.0.0", None, {}, 403),
        ("192.168.1.20", None, {}, 403),
        ("::", None, {}, 403),
        ("0.0.0.0", REST_TOKEN, {}, 401),
        ("0.0.0.0", REST_TOKEN, {"Authorization": "Bearer " + REST_TOKEN}, None),
        ("127.0.0.1", REST_TOKEN, {}, 401),  # once configured, required on loopback too
    ],
)
def test_outside_loopback_rest_is_off_unless_a_token_is_configured(host, token, headers, status):
    refusal = SafeRestInput(token=token).access_problem(_Request(host, headers))
    assert (refusal.status if refusal else None) == status


def test_the_token_comes_from_the_environment_and_is_never_shown():
    channel = SafeRestInput.from_credentials(None, env={"REST_CHANNEL_TOKEN": f"  {REST_TOKEN} "})
    assert channel.token == REST_TOKEN and REST_TOKEN not in repr(channel)
    assert SafeRestInput.from_credentials(None, env={"REST_CHANNEL_TOKEN": " "}).token is None
