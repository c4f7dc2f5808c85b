"""Requests a web page on another site could make are refused before any route runs: unsafe
methods from origins outside --cors, non-JSON bodies on the HTTP API, and foreign Host
headers (DNS rebinding). A Sanic app with Rasa's CORS set-up, one stand-in API route and our
REST channel, registered by Rasa's own `register`, on 127.0.0.1; every wait bounded."""

import asyncio
import socket
import uuid

import aiohttp
import pytest
import pytest_asyncio
from rasa.core.channels.channel import register
from rasa.server import configure_cors
from sanic import Sanic, response

from addons.channels.origins import host_allowed, host_name
from addons.channels.rest import SafeRestInput
from addons.channels.server_policy import refusal

PAGE = "http://localhost:8080"
WAIT = 10


@pytest_asyncio.fixture
async def bot(monkeypatch):
    monkeypatch.delenv("RASA_ALLOWED_HOSTS", raising=False)
    monkeypatch.delenv("REST_CHANNEL_TOKEN", raising=False)
    monkeypatch.setattr(Sanic, "test_mode", True)
    app = Sanic(f"t{uuid.uuid4().hex}")
    configure_cors(app, [PAGE])  # what `rasa run --cors` does
    reached = []

    @app.post("/conversations/<conversation>/messages")  # stands in for Rasa's HTTP API
    async def api(request, conversation):
        reached.append(conversation)
        return response.json({"ok": True})

    register([SafeRestInput.from_credentials(None)], app, route="/webhooks/")
    app.ctx.agent = None
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    server = await app.create_server(sock=sock, return_asyncio_server=True, access_log=False)
    await server.startup()
    await server.start_serving()
    port = sock.getsockname()[1]
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=WAIT)) as http:

        async def post(path, headers=None, data=b'{"sender": "a", "message": "hi"}'):
            async with http.post(f"http://127.0.0.1:{port}{path}", data=data, headers=headers or {}) as answer:
                return answer.status

        yield post, reached, port
    server.close()
    await asyncio.wait_for(server.wait_closed(), WAIT)


API = "/conversations/rest:a/messages"
JSON = {"Content-Type": "application/json"}


@pytest.mark.asyncio
@pytest.mark.parametrize(
    "content_type", ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", None]
)
async def test_the_api_refuses_what_a_cross_site_simple_post_can_send(bot, content_type):
    post, reached, _ = bot
    assert await post(API, {"Content-Type": content_type} if content_type else {}) == 415
    assert reached == []


@pytest.mark.asyncio
async def test_the_api_takes_json(bot):
    post, reached, _ = bot
    assert await post(API, JSON) == 200 and reached == ["rest:a"]


@pytest.mark.asyncio
@pytest.mark.parametrize("path", [API, "/webhooks/rest/webhook"])
@pytest.mark.parametrize("origin", ["http://evil.example", "null", "http://localhost:8081"])
async def test_unsafe_requests_from_origins_outside_cors_are_refused(bot, path, origin):
    post, reached, _ = bot
    assert await post(path, {**JSON, "Origin": origin}) == 403
    assert reached == []


@pytest.mark.asyncio
async def test_the_allowed_page_and_clients_without_origin_pass(bot):
    post, reached, _ = bot
    assert await post(API, {**JSON, "Origin": PAGE}) == 200
    assert await post(API, JSON) == 200


@pytest.mark.asyncio
@pytest.mark.parametrize(
    "host", ["evil.example", "evil.example:{port}", "localhost.evil.example:{port}", "10.0.0.1:{port}"]
)
async def test_a_foreign_host_header_is_refused_while_listening_on_loopback(bot, host):
    post, reached, port = bot
    assert await post(API, {**JSON, "Host": host.format(port=port)}) == 403
    assert reached == []


@pytest.mark.asyncio
@pytest.mark.parametrize("host", ["localhost:{port}", "127.0.0.1:{port}", "[::1]:{port}", "LOCALHOST:{port}"])
async def test_this_machines_names_pass(bot, host):
    post, _, port = bot
    assert await post(API, {**JSON, "Host": host.format(port=port)}) == 200


@pytest.mark.asyncio
async def test_configured_host_names_pass_and_others_still_do_not(bot, monkeypatch):
    post, _, _ = bot
    monkeypatch.setenv("RASA_ALLOWED_HOSTS", "bot.example.org, other.example.org")
    assert await post(API, {**JSON, "Host": "bot.example.org"}) == 200
    assert await post(API, {**JSON, "Host": "evil.example"}) == 403


class _Request:
    def __init__(self, host, server_host, method="GET", path="/status", headers=None):
        self.host, self.method, self.path, self.headers = host, method, path, headers or {}
        state = type("State", (), {"host": server_host, "sock": None})()
        self.app = type("App", (), {"state": state, "ctx": type("Ctx", (), {})()})()


def test_on_a_network_interface_hosts_are_checked_only_when_configured(monkeypatch):
    monkeypatch.delenv("RASA_ALLOWED_HOSTS", raising=False)
    assert refusal(_Request("bot.example.org", "0.0.0.0")) is None
    monkeypatch.setenv("RASA_ALLOWED_HOSTS", "bot.example.org")
    assert refusal(_Request("bot.example.org", "0.0.0.0")) is None
    assert refusal(_Request("evil.example", "0.0.0.0")).status == 403


@pytest.mark.parametrize(
    "header,name",
    [
        ("localhost:5005", "localhost"),
        ("[::1]:5005", "::1"),
        ("Example.ORG", "example.org"),
        ("", ""),
        (None, ""),
        ("a b", "a b"),
    ],
)
def test_host_names(header, name):
    assert host_name(header) == name


def test_an_empty_host_is_refused():
    assert not host_allowed("", frozenset()) and not host_allowed(None, frozenset({"x"}))
