"""The action server's start-up wrapper (actions/server.py) on 127.0.0.1, and a forced action
error seen from Rasa: no tracker in any answer, no user text in any log line."""

import asyncio
import contextlib
import io
import logging
import socket

import aiohttp
import pytest
from rasa.core.actions.action import RemoteAction
from rasa.core.channels.channel import CollectingOutputChannel
from rasa.core.nlg import TemplatedNaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker, EventVerbosity
from rasa.shared.exceptions import RasaException
from rasa.utils.endpoints import EndpointConfig
from rasa_sdk import endpoint as sdk_endpoint
from sanic import Sanic

from actions import log_privacy, server
from addons.channels.inbound import read_text
from tests.fakes import failing_actions

TOKEN = "action-token-0123456789-abcdefghijklmnopqrstuv"
USER_TEXT = "my right calf zq61 has twitched for weeks"
WAIT = 10


@contextlib.asynccontextmanager
async def serving(app: Sanic):
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    srv = await app.create_server(sock=sock, return_asyncio_server=True, access_log=False)
    await srv.startup()
    await srv.start_serving()
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        srv.close()
        await asyncio.wait_for(srv.wait_closed(), WAIT)


@pytest.fixture
def fresh_sanic(monkeypatch):
    monkeypatch.setattr(Sanic, "test_mode", True)  # lets each test build its own app
    monkeypatch.setattr(Sanic, "_app_registry", {})


@pytest.fixture
def log_lines():
    """Everything any logger writes during the test, at DEBUG, through the privacy filter."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s %(message)s"))
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    levels = {name: logging.getLogger(name).level for name in ("rasa", "rasa_sdk", "sanic.root", "sanic.error")}
    for name in levels:
        logging.getLogger(name).setLevel(logging.DEBUG)
    log_privacy.install()
    try:
        yield stream
    finally:
        root.removeHandler(handler)
        root.setLevel(old_level)
        for name, level in levels.items():
            logging.getLogger(name).setLevel(level)


def tracker_with(text: str) -> DialogueStateTracker:
    return DialogueStateTracker.from_events(
        "rest:ann-zq62", [ActionExecuted("action_listen"), UserUttered(text, {"name": "describe_symptoms"})]
    )


async def call(url, path, method="GET", headers=None, **kwargs):
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=WAIT)) as http:
        async with http.request(method, url + path, headers=headers or {}, **kwargs) as answer:
            return answer.status, dict(answer.headers), await answer.text()


BEARER = {"Authorization": f"Bearer {TOKEN}"}


@pytest.mark.asyncio
@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Bearer wrong"}, {"Authorization": TOKEN}, {"Authorization": f"Bearer {TOKEN}x"}],
    ids=["none", "wrong", "no scheme", "longer"],
)
@pytest.mark.parametrize("path,method", [("/webhook", "POST"), ("/actions", "GET")])
async def test_with_a_token_calls_without_it_are_refused(fresh_sanic, headers, path, method):
    async with serving(server.create_app(TOKEN, failing_actions)) as url:
        status, _, text = await call(url, path, method, headers, json={"next_action": "action_that_fails"})
    assert status == 401 and "action_that_fails" not in text


@pytest.mark.asyncio
async def test_health_stays_open_and_the_right_token_lists_the_actions(fresh_sanic):
    async with serving(server.create_app(TOKEN, failing_actions)) as url:
        assert (await call(url, "/health"))[0] == 200
        status, _, text = await call(url, "/actions", headers=BEARER)
    assert status == 200 and "action_that_fails" in text


@pytest.mark.asyncio
async def test_no_cors_for_browsers(fresh_sanic):
    async with serving(server.create_app(None, failing_actions)) as url:
        _, headers, _ = await call(
            url, "/webhook", "OPTIONS", {"Origin": "http://evil.example", "Access-Control-Request-Method": "POST"}
        )
        _, get_headers, _ = await call(url, "/health", headers={"Origin": "http://evil.example"})
    assert "Access-Control-Allow-Origin" not in headers and "Access-Control-Allow-Origin" not in get_headers


@pytest.mark.asyncio
async def test_a_body_over_the_limit_is_refused_before_it_is_read(fresh_sanic):
    async with serving(server.create_app(None, failing_actions)) as url:
        status, _, text = await call(
            url,
            "/webhook",
            "POST",
            {"Content-Type": "application/json"},
            data=b"{" + b" " * server.MAX_CALL_BYTES + b"}",
        )
    assert status == 413 and len(text) < 200


@pytest.mark.asyncio
@pytest.mark.parametrize("body", [b"not json", b'{"next_action": 7}', b"[]"])
async def test_bad_calls_get_a_short_error_without_the_body(fresh_sanic, body):
    async with serving(server.create_app(None, failing_actions)) as url:
        status, _, text = await call(url, "/webhook", "POST", {"Content-Type": "application/json"}, data=body)
    assert 400 <= status < 600 and body.decode() not in text and len(text) < 200


@pytest.mark.parametrize(
    "interface,token,refused",
    [
        ("127.0.0.1", None, False),
        ("::1", None, False),
        ("localhost", "", False),
        ("0.0.0.0", None, True),
        ("10.1.2.3", " ", True),
        ("0.0.0.0", TOKEN, False),
    ],
)
def test_a_network_interface_needs_a_token(interface, token, refused):
    env = {} if token is None else {server.TOKEN_ENV: token}
    if refused:
        with pytest.raises(server.StartupRefused, match=server.TOKEN_ENV):
            server.settings(interface, env)
    else:
        assert server.settings(interface, env) == ((token or "").strip() or None)


def test_it_listens_on_loopback_unless_told_otherwise(monkeypatch):
    monkeypatch.delenv(server.INTERFACE_ENV, raising=False)
    assert server.argument_parser().parse_args([]).interface == "127.0.0.1"
    monkeypatch.setenv(server.INTERFACE_ENV, "0.0.0.0")
    assert server.argument_parser().parse_args([]).interface == "0.0.0.0"


# --- a forced action error, as Rasa sees it ----------------------------------------------


async def run_failing_action(url, headers=None):
    """What Rasa's MessageProcessor._run_action does with a failing custom action."""
    read_text(USER_TEXT)  # the channel's policy, as every message goes through it
    action = RemoteAction("action_that_fails", EndpointConfig(url + "/webhook", headers=headers or {}))
    domain = Domain.from_dict({"actions": ["action_that_fails"], "intents": ["describe_symptoms"]})
    tracker = tracker_with(USER_TEXT)
    # Rasa's own run (addons/action_failures.py answers failures with the apology instead,
    # but a traceback must stay clean whoever logs it).
    run = getattr(RemoteAction, "_run_without_apology", RemoteAction.run)
    with pytest.raises(RasaException):
        try:
            await run(action, CollectingOutputChannel(), TemplatedNaturalLanguageGenerator({}), tracker, domain)
        except Exception:
            logging.getLogger("rasa.core.processor").exception(
                "Encountered an exception while running action 'action_that_fails'."
                "Bot will continue, but the actions events are lost."
            )
            raise


@pytest.mark.asyncio
async def test_a_forced_action_error_logs_no_user_text_and_answers_without_the_tracker(fresh_sanic, log_lines):
    async with serving(server.create_app(TOKEN, failing_actions)) as url:
        body = {
            "next_action": "action_that_fails",
            "sender_id": "rest:ann-zq62",
            "version": "3.6.21",
            "tracker": tracker_with(USER_TEXT).current_state(EventVerbosity.ALL),
            "domain": {},
        }
        status, _, text = await call(url, "/webhook", "POST", BEARER, json=body)
        await run_failing_action(url, BEARER)
    logged = log_lines.getvalue()
    assert status == 500 and "zq6" not in text and "events" not in text
    assert "Encountered an exception while running action" in logged and "Traceback" in logged
    assert "An action failed (RuntimeError)" in logged
    assert "zq61" not in logged and "zq62" not in logged, logged


@pytest.mark.asyncio
async def test_even_rasa_sdks_own_echoing_app_leaks_nothing_into_rasas_log(fresh_sanic, log_lines):
    """Defence in depth: the stock app answers with the tracker; the filter still removes it."""
    async with serving(sdk_endpoint.create_app(failing_actions)) as url:
        await run_failing_action(url)
    logged = log_lines.getvalue()
    assert "zq61" not in logged and "zq62" not in logged, logged
