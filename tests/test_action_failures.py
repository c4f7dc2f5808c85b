"""A failed custom action call is answered with the apology (the real domain's text) and the
turn ends, instead of Rasa's silent "the actions events are lost". Servers on 127.0.0.1."""

import asyncio
import contextlib
import socket

import pytest
from aiohttp import web
from rasa.core.actions.action import ActionExecutionRejection, RemoteAction
from rasa.core.channels.channel import CollectingOutputChannel
from rasa.core.nlg import TemplatedNaturalLanguageGenerator
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.events import ActionExecuted, BotUttered, FollowupAction, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig

from addons import action_failures

WAIT = 10


@contextlib.asynccontextmanager
async def fake_action_server(handler):
    app = web.Application()
    app.router.add_post("/webhook", handler)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    try:
        yield f"http://127.0.0.1:{site._server.sockets[0].getsockname()[1]}/webhook"
    finally:
        await asyncio.wait_for(runner.cleanup(), WAIT)


def closed_port_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{sock.getsockname()[1]}/webhook"


async def run(url, rasa_domain):
    action_failures.install()
    tracker = DialogueStateTracker.from_events(
        "rest:x", [ActionExecuted(ACTION_LISTEN_NAME), UserUttered("three weeks", {"name": "inform"})]
    )
    nlg = TemplatedNaturalLanguageGenerator(rasa_domain.responses)
    action = RemoteAction("validate_symptom_form", EndpointConfig(url))
    return await asyncio.wait_for(action.run(CollectingOutputChannel(), nlg, tracker, rasa_domain), WAIT)


async def answer_500(_):
    return web.json_response({"error": "boom"}, status=500)


async def answer_garbage(_):
    return web.Response(text="<html>not json</html>", content_type="text/html")


async def answer_slowly(_):
    await asyncio.sleep(WAIT)
    return web.json_response({"events": [], "responses": []})


def apology_text(rasa_domain):
    return rasa_domain.responses[action_failures.APOLOGY][0]["text"]


@pytest.mark.asyncio
@pytest.mark.parametrize("handler", [answer_500, answer_garbage], ids=["server error", "not json"])
async def test_a_failed_call_is_answered_with_the_apology_and_ends_the_turn(handler, rasa_domain):
    async with fake_action_server(handler) as url:
        events = await run(url, rasa_domain)
    assert [type(e) for e in events] == [BotUttered, FollowupAction]
    assert events[0].text == apology_text(rasa_domain) and "emergency number" in events[0].text
    assert events[1].action_name == ACTION_LISTEN_NAME


@pytest.mark.asyncio
async def test_an_unreachable_action_server_gets_the_apology(rasa_domain):
    events = await run(closed_port_url(), rasa_domain)
    assert events[0].text == apology_text(rasa_domain)


@pytest.mark.asyncio
async def test_a_hung_call_gets_the_apology_within_the_bound(rasa_domain, monkeypatch):
    monkeypatch.setattr(action_failures, "CALL_TIMEOUT_S", 0.5)
    async with fake_action_server(answer_slowly) as url:
        started = asyncio.get_running_loop().time()
        events = await run(url, rasa_domain)
        elapsed = asyncio.get_running_loop().time() - started
    assert events[0].text == apology_text(rasa_domain) and elapsed < 3


@pytest.mark.asyncio
async def test_a_form_rejecting_an_answer_is_rasas_normal_flow(rasa_domain):
    async def reject(_):
        return web.json_response({"action_name": "validate_symptom_form", "error": "no"}, status=400)

    async with fake_action_server(reject) as url:
        with pytest.raises(ActionExecutionRejection):
            await run(url, rasa_domain)


@pytest.mark.asyncio
async def test_a_working_call_is_unchanged(rasa_domain):
    async def ok(_):
        return web.json_response({"events": [{"event": "slot", "name": "onset", "value": "gradual"}], "responses": []})

    async with fake_action_server(ok) as url:
        events = await run(url, rasa_domain)
    assert events == [SlotSet("onset", "gradual")]


def test_install_is_idempotent():
    action_failures.install()
    action_failures.install()
    assert RemoteAction.run is action_failures.run_or_apologise
    assert getattr(RemoteAction, "_run_without_apology") is not action_failures.run_or_apologise
