"""Widget sessions end: tokens expire, "forget me" revokes, a forgotten conversation is not
resumed, and tokens in use are renewed. The channel is served by Rasa's own loader on
127.0.0.1 (tests/fakes/rasa_app.py); every wait is bounded."""

import asyncio

import pytest
import pytest_asyncio

from addons.channels import secure_socketio, widget_sessions
from addons.channels.secure_socketio import SecureSocketIOInput, SessionSigner
from tests.fakes.rasa_app import FORGET, serve
from tests.fakes.socketio_client import Client

SECRET = "widget-session-secret-0123456789-abcdefghij"
CREDENTIALS = (
    "addons.channels.secure_socketio.SecureSocketIOInput:\n"
    "  user_message_evt: user_uttered\n  bot_message_evt: bot_uttered\n"
)


class Store:
    """The agent's tracker store, as far as the channel asks it: is a conversation stored?"""

    def __init__(self):
        self.forgotten = set()

    async def retrieve(self, conversation):
        if conversation in self.forgotten:
            return None
        return type("Tracker", (), {"events": ["something"]})()


@pytest_asyncio.fixture
async def widget(monkeypatch, tmp_path):
    monkeypatch.setenv("SOCKETIO_SESSION_SECRET", SECRET)
    clients = []
    async with serve(CREDENTIALS, tmp_path) as (url, agent, channels):
        (channel,) = channels
        assert isinstance(channel, SecureSocketIOInput)
        agent.tracker_store = Store()

        async def connect():
            client = await Client().connect(url)
            clients.append(client)
            return client

        try:
            yield connect, agent, channel
        finally:
            for client in clients:
                await client.close()
    leftovers = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
    for task in leftovers:  # engine.io's ping tasks outlive the sockets
        task.cancel()
    await asyncio.wait_for(asyncio.gather(*leftovers, return_exceptions=True), 5)


@pytest.mark.asyncio
async def test_forget_me_revokes_the_session_even_for_its_own_browser(widget):
    connect, agent, _ = widget
    tab = await connect()
    session = await tab.session()
    await tab.say(FORGET)
    replies = [await tab.reply(), await tab.reply()]  # the text, then the widget's signal to clear itself
    assert any(reply.get("forgotten") is True for reply in replies)
    await tab.close()
    again = await (await connect()).session_when_free(session_id=session["session_id"], token=session["token"])
    assert again["session_id"] != session["session_id"] and not again["resumed"]


@pytest.mark.asyncio
async def test_an_expired_token_resumes_nothing(widget):
    connect, _, channel = widget
    clock = [1_700_000_000.0]
    channel.signer = SessionSigner(SECRET.encode(), lifetime_s=3600, clock=lambda: clock[0])
    tab = await connect()
    session = await tab.session()
    await tab.close()
    clock[0] += 3601
    again = await (await connect()).session_when_free(session_id=session["session_id"], token=session["token"])
    assert again["session_id"] != session["session_id"] and not again["resumed"]


@pytest.mark.asyncio
async def test_a_conversation_no_longer_stored_is_not_resumed(widget):
    connect, agent, _ = widget
    tab = await connect()
    session = await tab.session()
    await tab.close()
    agent.tracker_store.forgotten.add("socketio:" + session["session_id"])  # e.g. forgotten before a restart
    again = await (await connect()).session_when_free(session_id=session["session_id"], token=session["token"])
    assert again["session_id"] != session["session_id"] and not again["resumed"]


@pytest.mark.asyncio
async def test_a_token_in_use_is_renewed_and_the_renewed_one_resumes(widget, monkeypatch):
    connect, _, channel = widget
    monkeypatch.setattr(secure_socketio, "RENEW_AFTER_S", 0)
    tab = await connect()
    session = await tab.session()
    await tab.say("hello")
    renewed = await asyncio.wait_for(tab.tokens.get(), 5)
    assert renewed["session_id"] == session["session_id"]
    assert channel.signer.verify(session["session_id"], renewed["token"])
    await tab.reply()
    await tab.close()
    again = await (await connect()).session_when_free(session_id=session["session_id"], token=renewed["token"])
    assert again["session_id"] == session["session_id"] and again["resumed"]


def test_the_lifetime_is_a_day_and_renewal_happens_well_within_it():
    assert widget_sessions.TOKEN_LIFETIME_S == 24 * 3600
    assert widget_sessions.RENEW_AFTER_S < widget_sessions.TOKEN_LIFETIME_S / 10
