"""Fake Telegram Bot API: POST /bot<token>/<method>, recording sendMessage,
answerCallbackQuery, setWebhook and the rest."""

import itertools
import json
import time

from aiohttp import web

from tests.fakes.server import FakeServer, read_params

CHAT = 4242  # the chat (and user) id of the updates below


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
            return web.json_response({"ok": False, "error_code": 401, "description": "Unauthorized"}, status=401)
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


def message(text, chat_type="private", update_id=1, chat=CHAT):
    """An Update with a text message, in the shape the Bot API documents."""
    return {
        "update_id": update_id,
        "message": {
            "message_id": update_id,
            "date": 1700000000,
            "chat": {"id": chat, "type": chat_type, "first_name": "Ann"},
            "from": {"id": chat, "is_bot": False, "first_name": "Ann"},
            "text": text,
        },
    }


def callback(data, update_id=2):
    """An Update with a callback_query (an inline keyboard button press)."""
    return {
        "update_id": update_id,
        "callback_query": {
            "id": "cbq-77",
            "from": {"id": CHAT, "is_bot": False, "first_name": "Ann"},
            "chat_instance": "ci-1",
            "data": data,
            "message": {
                "message_id": 9,
                "date": 1700000000,
                "chat": {"id": CHAT, "type": "private", "first_name": "Ann"},
                "text": "Did the twitching start suddenly or gradually?",
            },
        },
    }
