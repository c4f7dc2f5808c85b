"""Fake Telegram Bot API: POST /bot<token>/<method>, recording sendMessage,
answerCallbackQuery, setWebhook and the rest."""
import itertools
import json
import time

from aiohttp import web

from tests.fakes.server import FakeServer, read_params


class FakeTelegramAPI(FakeServer):
    """Point the bot at it with TELEGRAM_API_URL=<fake.url>; read `calls`."""

    def __init__(self, token: str) -> None:
        super().__init__()
        self.token = token
        self.webhook = {"url": ""}
        self._ids = itertools.count(1)

    def routes(self, app: web.Application) -> None:
        app.router.add_post("/bot{token}/{method}", self.handle)

    async def handle(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return web.json_response(
                {"ok": False, "error_code": 401, "description": "Unauthorized"}, status=401
            )
        method = request.match_info["method"]
        params = await read_params(request)
        if isinstance(params.get("reply_markup"), str):  # aiogram sends it as JSON text
            params["reply_markup"] = json.loads(params["reply_markup"])
        self.record(method, params)
        return web.json_response({"ok": True, "result": self.result(method, params)})

    def result(self, method: str, params: dict):
        if method == "sendMessage":
            return {
                "message_id": next(self._ids),
                "date": int(time.time()),
                "chat": {"id": int(params["chat_id"]), "type": "private"},
                "text": params.get("text", ""),
            }
        if method == "setWebhook":
            self.webhook = {"url": params.get("url", "")}
        if method == "deleteWebhook":
            self.webhook = {"url": ""}
        if method == "getWebhookInfo":
            return {**self.webhook, "has_custom_certificate": False, "pending_update_count": 0}
        return True
