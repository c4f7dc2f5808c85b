"""Serve channels the way `rasa run` does, with a scripted agent instead of a model.

The channels are built from a credentials file by Rasa's own loader and registered by
Rasa's own `register` under /webhooks/, so route names and start-up behaviour are the
real ones. The server listens on 127.0.0.1, on a free port.
"""

import asyncio
import contextlib
import socket
import uuid
from pathlib import Path
from typing import AsyncIterator, List, Tuple

import rasa.shared.utils.common
import rasa.shared.utils.io
from rasa.core.channels.channel import UserMessage, register
from sanic import Sanic

WAIT = 5  # seconds
# A credentials file with every channel of the project (Slack and Telegram need their env).
ALL_CHANNELS = (
    "addons.channels.rest.SafeRestInput:\n"
    "addons.channels.secure_socketio.SecureSocketIOInput:\n"
    "  user_message_evt: user_uttered\n  bot_message_evt: bot_uttered\n"
    "addons.channels.slack.EnvSlackInput:\n"
    "addons.channels.telegram.EnvTelegramInput:\n"
)

LONG_TEXT = "\n".join(f"- point {i}: rest, sleep and less caffeine help most people." for i in range(200))
EMERGENCY = (
    "EMERGENCY: Call your local emergency number now.\n- sudden weakness on one side\n- trouble speaking or swallowing"
)
ONSET_BUTTONS = [
    {"title": "Suddenly", "payload": '/inform{"onset": "sudden"}'},
    {"title": "Gradually", "payload": '/inform{"onset": "gradual"}'},
    {"title": "Not sure", "payload": "/not_sure"},
]


def load_channels(credentials_file: Path) -> list:
    """What rasa.core.run.create_http_input_channels does for module-path channels.

    Repeated here because importing rasa.core.run loads TensorFlow (~10 s per test run).
    """
    entries = rasa.shared.utils.io.read_config_file(str(credentials_file))
    return [
        rasa.shared.utils.common.class_from_module_path(name).from_credentials(settings)
        for name, settings in entries.items()
    ]


RECALL = "recall"
FORGET = "forget me, confirmed"  # asks for what this conversation said before, as a tracker would hold it


class ScriptedAgent:
    """Stands in for Rasa's Agent: records messages, answers like the real bot's responses."""

    def __init__(self) -> None:
        self.messages: List[UserMessage] = []

    def said_before(self, sender_id: str) -> List[str]:
        """What one conversation (Rasa's key: the sender id) said before its latest message."""
        return [m.text for m in self.messages if m.sender_id == sender_id][:-1]

    def reply_to(self, text: str) -> dict:
        if text == "/greet":
            return {"text": "Hi! I can answer questions about muscle twitching."}
        if text == "buttons":
            return {"text": "Did the twitching start suddenly or gradually?", "buttons": ONSET_BUTTONS}
        if text == "long":
            return {"text": LONG_TEXT}
        if text == "long buttons":
            return {"text": LONG_TEXT, "buttons": ONSET_BUTTONS}
        if text == "emergency":
            return {"text": EMERGENCY}
        if text == FORGET:  # utter_forgotten's widget variation
            return {"text": "Done: I have deleted this conversation.", "custom": {"data": {"forgotten": True}}}
        return {"text": f"You said: {text}"}

    async def handle_message(self, message: UserMessage) -> None:
        self.messages.append(message)
        if message.text == RECALL:
            reply = {"text": "Before: " + (" | ".join(self.said_before(message.sender_id)) or "nothing")}
        else:
            reply = self.reply_to(message.text)
        await message.output_channel.send_response(message.sender_id, reply)

    async def wait_for_messages(self, count: int, timeout: float = WAIT) -> List[UserMessage]:
        async def enough() -> None:
            while len(self.messages) < count:
                await asyncio.sleep(0.02)

        await asyncio.wait_for(enough(), timeout)
        return self.messages


@contextlib.asynccontextmanager
async def serve(credentials_yaml: str, tmp_path: Path) -> AsyncIterator[Tuple[str, ScriptedAgent, list]]:
    """(base url, agent, input channels) of a Sanic app serving the configured channels."""
    credentials = tmp_path / "credentials.yml"
    credentials.write_text(credentials_yaml)
    channels = load_channels(credentials)
    test_mode, Sanic.test_mode = Sanic.test_mode, True  # lets each test build its own app
    app = Sanic(f"t{uuid.uuid4().hex}")
    agent = ScriptedAgent()
    app.ctx.agent = agent
    register(channels, app, route="/webhooks/")
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    server = await app.create_server(sock=sock, return_asyncio_server=True, access_log=False)
    await server.startup()
    await server.before_start()
    await server.after_start()
    await server.start_serving()
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}", agent, channels
    finally:
        # Let replies still being sent finish, so they cannot leak into the next test.
        pending = [t for c in channels for t in getattr(c, "_background_tasks", ())]
        if pending:
            await asyncio.wait(pending, timeout=WAIT)
        await server.before_stop()
        server.close()
        for connection in list(server.connections):
            connection.close_if_idle()
        await asyncio.wait_for(server.wait_closed(), WAIT)
        await server.after_stop()
        Sanic.test_mode = test_mode
