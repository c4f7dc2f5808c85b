"""The signed-session socket.io channel: token logic, and real clients against a real server.

The server is the channel's own blueprint on a Sanic app on 127.0.0.1 with a stand-in for
Rasa's agent, so no trained model is needed. Every wait is bounded.
"""

import asyncio
import json
import logging
import socket
import uuid

import pytest
import pytest_asyncio
from sanic import Sanic

from addons.channels.inbound import EMPTY_MESSAGE_REPLY, MAX_MESSAGE_CHARS
from addons.channels.secure_socketio import SECRET_ENV, SecureSocketIOInput, SessionSigner
from tests.fakes.socketio_client import Client

pytestmark = pytest.mark.servers
SECRET = "test-secret-0123456789-abcdefghijklmnopqrstuvwxyz"
ALLOWED_ORIGIN = "http://localhost:8080"
WAIT = 5  # seconds: upper bound for anything that should happen
QUIET = 0.5  # seconds: how long "nothing arrives" is watched

# --- token logic ---------------------------------------------------------------


def test_token_is_signed_for_the_session_and_verifies():
    signer = SessionSigner(SECRET.encode())
    session_id, token = signer.new_session()
    assert len(session_id) >= 32 and signer.verify(session_id, token)
    # The same secret (e.g. after a restart) accepts the same token; another does not.
    assert SessionSigner(SECRET.encode()).verify(session_id, token)
    assert not SessionSigner(b"other-secret").verify(session_id, token)
    assert not signer.verify(session_id + "x", token)


@pytest.mark.parametrize(
    "session_id,token",
    [
        ("victim", "0" * 64),  # the old, never-expiring format
        ("victim", "9999999999." + "0" * 64),
        ("victim", None),
        (None, None),
        (123, "x"),
        ("x" * 65, "x"),
        ("", ""),
        ("victim", "1." + "é" * 64),  # non-ASCII must be refused, not raise
        ("victim", "-5.abc"),
        ("victim", "1e9.abc"),
    ],
)
def test_forged_or_malformed_tokens_are_refused(session_id, token):
    assert not SessionSigner(SECRET.encode()).verify(session_id, token)


class Clock:
    def __init__(self):
        self.now = 1_700_000_000.0

    def __call__(self):
        return self.now


def test_tokens_expire_and_a_renewed_token_lives_on():
    clock = Clock()
    signer = SessionSigner(SECRET.encode(), lifetime_s=3600, clock=clock)
    session_id, first = signer.new_session()
    clock.now += 3000
    renewed = signer.token(session_id)
    assert signer.verify(session_id, first) and signer.verify(session_id, renewed)
    clock.now += 601
    assert not signer.verify(session_id, first) and signer.verify(session_id, renewed)
    clock.now += 3000
    assert not signer.verify(session_id, renewed)


def test_a_changed_expiry_breaks_the_signature():
    clock = Clock()
    signer = SessionSigner(SECRET.encode(), lifetime_s=3600, clock=clock)
    session_id, token = signer.new_session()
    expires, mac = token.split(".")
    assert not signer.verify(session_id, f"{int(expires) + 100}.{mac}")
    assert not signer.verify(session_id, f"{int(clock.now) + 10 * 3600}.{mac}")


def test_missing_secret_is_generated_and_logged_without_the_secret(caplog):
    caplog.set_level(logging.DEBUG)
    signer = SessionSigner.from_env({})
    assert "will not survive a server restart" in caplog.text
    assert signer._secret.hex() not in caplog.text and "secret hidden" in repr(signer)


def test_secret_comes_from_the_environment(caplog):
    caplog.set_level(logging.DEBUG)
    a, b = SessionSigner.from_env({SECRET_ENV: SECRET}), SessionSigner.from_env({SECRET_ENV: SECRET})
    assert a.token("s") == b.token("s")
    assert SECRET not in caplog.text and "restart" not in caplog.text


def test_rasa_loads_the_channel_from_its_credentials_entry(tmp_path):
    from rasa.core.run import create_http_input_channels

    credentials = tmp_path / "credentials.yml"
    credentials.write_text(
        "addons.channels.secure_socketio.SecureSocketIOInput:\n"
        "  user_message_evt: user_uttered\n  bot_message_evt: bot_uttered\n"
        "  session_persistence: true\n"
    )
    (channel,) = create_http_input_channels(None, str(credentials))
    assert isinstance(channel, SecureSocketIOInput) and channel.name() == "socketio"


# --- a real server ---------------------------------------------------------------


class Bot:
    """Stands in for Rasa's agent: records messages and echoes them to the sender's room."""

    def __init__(self):
        self.messages = []

    async def __call__(self, message):
        self.messages.append(message)
        await message.output_channel.send_text_message(message.sender_id, f"echo: {message.text}")


@pytest_asyncio.fixture
async def server(monkeypatch):
    """(base_url, bot) for a channel served on 127.0.0.1 with --cors ALLOWED_ORIGIN."""
    from rasa.server import configure_cors

    monkeypatch.setenv(SECRET_ENV, SECRET)
    monkeypatch.setattr(Sanic, "test_mode", True)  # lets each test build its own app
    app = Sanic(f"t{uuid.uuid4().hex}")
    configure_cors(app, [ALLOWED_ORIGIN])  # what `rasa run --cors` does
    bot = Bot()
    channel = SecureSocketIOInput.from_credentials(
        {"user_message_evt": "user_uttered", "bot_message_evt": "bot_uttered"}
    )
    app.blueprint(channel.blueprint(bot), url_prefix="/webhooks/socketio")
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    srv = await app.create_server(sock=sock, return_asyncio_server=True, access_log=False)
    await srv.startup()
    await srv.start_serving()
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}", bot
    finally:
        srv.close()
        for connection in list(srv.connections):
            connection.close_if_idle()
        await asyncio.wait_for(srv.wait_closed(), WAIT)
        # engine.io leaves ping tasks sleeping after a socket closes; end them with the test.
        leftovers = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
        for task in leftovers:
            task.cancel()
        await asyncio.wait_for(asyncio.gather(*leftovers, return_exceptions=True), WAIT)


@pytest_asyncio.fixture
async def clients():
    made = []

    async def make(url, origin=ALLOWED_ORIGIN, **kwargs):
        client = await Client().connect(url, origin=origin, **kwargs)
        made.append(client)
        return client

    yield make
    for client in made:
        await client.close()


@pytest.mark.asyncio
async def test_server_issues_the_session_and_ignores_a_client_chosen_id(server, clients):
    url, bot = server
    client = await clients(url)
    confirm = await client.session(session_id="i-picked-this")
    assert confirm["session_id"] != "i-picked-this" and not confirm["resumed"]
    assert confirm["token"] == SessionSigner(SECRET.encode()).token(confirm["session_id"])
    await client.say("hello")
    assert (await client.reply())["text"] == "echo: hello"
    assert bot.messages[0].sender_id == "socketio:" + confirm["session_id"]


@pytest.mark.asyncio
async def test_forged_session_id_does_not_join_another_room(server, clients):
    url, bot = server
    victim, attacker = await clients(url), await clients(url)
    victim_session = await victim.session()
    token = victim_session["token"]
    one_char_off = token[:-1] + ("1" if token.endswith("0") else "0")  # never the real token
    for forged_token in (None, "0" * 64, one_char_off):
        confirm = await attacker.session(session_id=victim_session["session_id"], token=forged_token)
        assert confirm["session_id"] != victim_session["session_id"]
    await victim.say("my private symptoms")
    assert (await victim.reply())["text"] == "echo: my private symptoms"
    await attacker.assert_silent()


@pytest.mark.asyncio
async def test_payload_session_id_is_ignored(server, clients):
    url, bot = server
    victim, attacker = await clients(url), await clients(url)
    victim_session, attacker_session = await victim.session(), await attacker.session()
    await attacker.say("injected", session_id=victim_session["session_id"])
    assert (await attacker.reply())["text"] == "echo: injected"
    assert bot.messages[-1].sender_id == "socketio:" + attacker_session["session_id"]
    await victim.assert_silent()


@pytest.mark.asyncio
async def test_valid_token_rejoins_the_session(server, clients):
    url, bot = server
    first = await clients(url)
    issued = await first.session()
    await first.close()
    reloaded = await clients(url)  # e.g. the page was reloaded
    confirm = await reloaded.session_when_free(session_id=issued["session_id"], token=issued["token"])
    assert confirm["session_id"] == issued["session_id"] and confirm["resumed"] is True
    assert SessionSigner(SECRET.encode()).verify(confirm["session_id"], confirm["token"])
    await reloaded.say("still me")
    assert (await reloaded.reply())["text"] == "echo: still me"
    assert bot.messages[-1].sender_id == "socketio:" + issued["session_id"]


@pytest.mark.asyncio
async def test_a_replayed_token_joins_nothing_while_the_session_is_held(server, clients):
    url, bot = server
    tab, replayer = await clients(url), await clients(url)
    held = await tab.session()
    kind, answer = await replayer.ask(session_id=held["session_id"], token=held["token"])
    assert kind == "busy" and answer["retry_after"] > 0
    await tab.say("my private symptoms")
    assert (await tab.reply())["text"] == "echo: my private symptoms"
    await replayer.assert_silent()
    await replayer.say("anything")  # it has no session at all
    await replayer.assert_silent()
    assert [m.sender_id for m in bot.messages] == ["socketio:" + held["session_id"]]


@pytest.mark.asyncio
async def test_restart_leaves_the_old_session_for_good(server, clients):
    url, bot = server
    tab = await clients(url)
    old = await tab.session()
    new = await tab.session()  # the restart button
    assert new["session_id"] != old["session_id"] and not new["resumed"]
    await tab.close()
    replayer = await clients(url)
    again = await replayer.session_when_free(session_id=old["session_id"], token=old["token"])
    assert again["session_id"] not in (old["session_id"], new["session_id"]) and not again["resumed"]


@pytest.mark.asyncio
async def test_messages_before_a_session_are_ignored(server, clients):
    url, bot = server
    client = await clients(url)
    await client.say("hello", session_id="anything")
    await client.assert_silent()
    assert bot.messages == []


@pytest.mark.asyncio
async def test_overlong_message_gets_a_notice_and_skips_the_bot(server, clients):
    url, bot = server
    client = await clients(url)
    await client.session()
    await client.say("x" * (MAX_MESSAGE_CHARS + 1))
    assert "too long" in (await client.reply())["text"]
    await client.say("x" * MAX_MESSAGE_CHARS)
    assert (await client.reply())["text"].startswith("echo: xxx")
    assert len(bot.messages) == 1


@pytest.mark.asyncio
@pytest.mark.parametrize(
    "typed,received",
    [
        ("/emergency", "emergency"),  # not a button the bot offers: read as text
        ('/inform{"onset": "sudden"}', '/inform{"onset": "sudden"}'),  # a button it offers
        ("/affirm", "/affirm"),
        ("my calf\x00 twitches\x1b", "my calf twitches"),
    ],
)
async def test_typed_payloads_and_control_characters_follow_the_shared_policy(server, clients, typed, received):
    url, bot = server
    client = await clients(url)
    await client.session()
    await client.say(typed)
    await client.reply()
    assert [message.text for message in bot.messages] == [received]


@pytest.mark.asyncio
async def test_empty_message_gets_a_hint_and_skips_the_bot(server, clients):
    url, bot = server
    client = await clients(url)
    await client.session()
    await client.say(" \x00 ")
    assert (await client.reply())["text"] == EMPTY_MESSAGE_REPLY
    assert bot.messages == []


async def socketio_connect_answer(url, origin, transport):
    """Speak just enough Engine.IO to send a socket.io CONNECT; return the server's answer."""
    import aiohttp
    import websockets

    if transport == "websocket":
        ws_url = url.replace("http", "ws") + "/socket.io/?EIO=4&transport=websocket"
        async with websockets.connect(ws_url, origin=origin, open_timeout=WAIT) as ws:
            assert (await asyncio.wait_for(ws.recv(), WAIT)).startswith("0")  # OPEN
            await ws.send("40")  # socket.io CONNECT, default namespace
            return await asyncio.wait_for(ws.recv(), WAIT)
    timeout = aiohttp.ClientTimeout(total=WAIT)
    async with aiohttp.ClientSession(headers={"Origin": origin}, timeout=timeout) as http:
        base = url + "/socket.io/?EIO=4&transport=polling"
        opened = await (await http.get(base)).text()
        base += "&sid=" + json.loads(opened[1:])["sid"]
        await http.post(base, data="40")
        return await (await http.get(base)).text()


@pytest.mark.asyncio
@pytest.mark.parametrize("transport", ["polling", "websocket"])
@pytest.mark.parametrize("origin,accepted", [(ALLOWED_ORIGIN, True), ("http://evil.example", False)])
async def test_only_cors_origins_may_connect(server, transport, origin, accepted):
    """Browsers do not apply CORS to websockets, so the channel checks Origin itself."""
    answer = await socketio_connect_answer(server[0], origin, transport)
    assert answer.startswith("40" if accepted else "44"), answer  # CONNECT / CONNECT_ERROR


@pytest.mark.asyncio
async def test_no_secret_or_token_in_logs(server, clients, caplog):
    caplog.set_level(logging.DEBUG)
    url, _ = server
    client = await clients(url)
    confirm = await client.session()
    await client.session(session_id=confirm["session_id"], token=confirm["token"])
    await client.say("hello")
    await client.reply()
    assert caplog.records  # the channel did log something
    assert SECRET not in caplog.text and confirm["token"] not in caplog.text
