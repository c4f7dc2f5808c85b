"""Fake Slack Web API: answers every POST /api/<method> and records chat.postMessage etc.;
and the requests Slack sends, in its documented shapes."""

import hashlib
import hmac
import itertools
import json
import time
from urllib.parse import urlencode

from aiohttp import web

from tests.fakes.server import FakeServer, read_params


class FakeSlackAPI(FakeServer):
    """Point the bot at it with SLACK_API_URL=<fake.api_url>; read `calls`."""

    def __init__(self, token: str) -> None:
        super().__init__()
        self.token = token
        self._ts = itertools.count(1)
        self.refuse_dms = False  # True: conversations.open fails as without the im:write scope

    @property
    def api_url(self) -> str:
        return self.url + "/api/"

    def routes(self, app: web.Application) -> None:
        app.router.add_post("/api/{method}", self.handle)

    async def handle(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        params = await read_params(request)
        for key in ("blocks", "attachments"):  # form-encoded calls send these as JSON text
            if isinstance(params.get(key), str):
                params[key] = json.loads(params[key])
        if request.headers.get("Authorization") != f"Bearer {self.token}":
            return web.json_response({"ok": False, "error": "invalid_auth"})
        self.record(method, params)
        if method == "conversations.open":  # a DM with the user: Slack's DM ids start with D
            if self.refuse_dms:
                return web.json_response({"ok": False, "error": "missing_scope"})
            return web.json_response({"ok": True, "channel": {"id": "D" + params["users"]}})
        return web.json_response(
            {"ok": True, "channel": params.get("channel"), "ts": f"1700000000.{next(self._ts):06d}"}
        )


def signed(body: bytes, secret: str, timestamp: int = None) -> dict:
    """Headers that sign `body` the way Slack does (v0, HMAC-SHA256)."""
    timestamp = str(int(time.time()) if timestamp is None else timestamp)
    digest = hmac.new(secret.encode(), b"v0:" + timestamp.encode() + b":" + body, hashlib.sha256)
    return {"X-Slack-Request-Timestamp": timestamp, "X-Slack-Signature": "v0=" + digest.hexdigest()}


def event(text, user="U1", channel="D1", ts="1700000001.000100", kind="message", **extra):
    """An Events API envelope as Slack documents it."""
    inner = {"type": kind, "user": user, "text": text, "channel": channel, "ts": ts, **extra}
    if kind == "message" and channel.startswith("D"):
        inner.setdefault("channel_type", "im")
    body = {
        "type": "event_callback",
        "team_id": "T1",
        "event_id": f"Ev{ts.replace('.', '')}{kind}",
        "event_time": int(time.time()),
        "authorizations": [{"user_id": "UBOT", "is_bot": True}],
        "event": inner,
    }
    return json.dumps(body).encode()


def click(value, user="U1", channel="D1", thread_ts=None):
    """An Interactivity (block_actions) request: form field `payload` holding JSON."""
    message = {"type": "message", "ts": "1700000002.000200", "text": "question"}
    if thread_ts:
        message["thread_ts"] = thread_ts
    payload = {
        "type": "block_actions",
        "user": {"id": user},
        "channel": {"id": channel},
        "container": {"type": "message", "message_ts": message["ts"]},
        "message": message,
        "actions": [{"type": "button", "action_id": "rasa_button_0", "value": value}],
    }
    return urlencode({"payload": json.dumps(payload)}).encode()
