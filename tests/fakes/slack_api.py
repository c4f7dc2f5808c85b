"""Fake Slack Web API: answers every POST /api/<method> and records chat.postMessage etc."""
import itertools
import json

from aiohttp import web

from tests.fakes.server import FakeServer, read_params


class FakeSlackAPI(FakeServer):
    """Point the bot at it with SLACK_API_URL=<fake.api_url>; read `calls`."""

    def __init__(self, token: str) -> None:
        super().__init__()
        self.token = token
        self._ts = itertools.count(1)

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
        return web.json_response(
            {"ok": True, "channel": params.get("channel"), "ts": f"1700000000.{next(self._ts):06d}"}
        )
