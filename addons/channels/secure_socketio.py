"""Rasa's socket.io channel with server-issued, signed session ids.

Why: in Rasa 3.6 the browser picks its own session id and joins the socket.io room of
that name, so anyone who knows another visitor's id receives that visitor's replies.
Here the server issues a random id plus an HMAC token; a client can only rejoin a
session it was given, and messages are accepted only for the session bound to the
connection (the session_id in the payload is ignored). The conversation, and the room
replies go to, is "socketio:<session id>" (addons/channels/conversations.py), so no
other channel can address it.

credentials.yml:
    addons.channels.secure_socketio.SecureSocketIOInput:
      user_message_evt: user_uttered
      bot_message_evt: bot_uttered
Sessions are always persistent (session_persistence is implied). The HMAC secret comes
from SOCKETIO_SESSION_SECRET. Allowed browser origins are the ones given to
`rasa run --cors ...`, applied to websocket handshakes too (browsers do not enforce
CORS on websockets).
"""
import hashlib
import hmac
import logging
import os
import secrets
from typing import Any, Awaitable, Callable, Dict, Mapping, Optional, Text, Tuple

from rasa.core.channels.channel import UserMessage, decode_bearer_token
from rasa.core.channels.socketio import SocketIOInput, SocketIOOutput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from socketio import AsyncServer

from addons.channels.conversations import conversation_id
from addons.channels.inbound import read_metadata, read_text
from addons.channels.rate_limit import SLOW_DOWN_REPLY, RateLimit
from addons.channels.server_policy import PolicySocketBlueprint

logger = logging.getLogger(__name__)

SECRET_ENV = "SOCKETIO_SESSION_SECRET"
MIN_SECRET_CHARS = 32
MAX_SESSION_ID_CHARS = 64


class SessionSigner:
    """Issues random session ids and verifies HMAC-SHA256(secret, session_id) tokens."""

    def __init__(self, secret: bytes) -> None:
        self._secret = secret

    def __repr__(self) -> str:  # never let the secret reach a log line
        return "SessionSigner(<secret hidden>)"

    @classmethod
    def from_env(cls, env: Mapping[str, str] = os.environ) -> "SessionSigner":
        value = env.get(SECRET_ENV)
        if value:
            if len(value) < MIN_SECRET_CHARS:
                logger.warning(
                    "%s is shorter than %d characters; use a long random value.",
                    SECRET_ENV,
                    MIN_SECRET_CHARS,
                )
            return cls(value.encode("utf-8"))
        logger.warning(
            "%s is not set: using a random secret for this process, so chat widget "
            "sessions will not survive a server restart.",
            SECRET_ENV,
        )
        return cls(secrets.token_bytes(32))

    def token(self, session_id: Text) -> Text:
        return hmac.new(self._secret, session_id.encode("utf-8"), hashlib.sha256).hexdigest()

    def new_session(self) -> Tuple[Text, Text]:
        session_id = secrets.token_urlsafe(24)
        return session_id, self.token(session_id)

    def verify(self, session_id: Any, token: Any) -> bool:
        if not isinstance(session_id, str) or not isinstance(token, str):
            return False
        if not 0 < len(session_id) <= MAX_SESSION_ID_CHARS:
            return False
        # Compare bytes: compare_digest refuses non-ASCII str, and input is untrusted.
        return hmac.compare_digest(self.token(session_id).encode(), token.encode("utf-8"))


def origin_allowed(environ: Dict[Text, Any]) -> bool:
    """Apply the `rasa run --cors` policy (sanic-cors) to a socket.io connection."""
    origin = environ.get("HTTP_ORIGIN")
    if not origin:
        return True  # not a cross-origin browser request (browsers send Origin on those)
    request: Optional[Request] = environ.get("sanic.request")
    cors = getattr(getattr(request, "app", None), "ctx", None)
    cors = getattr(cors, "sanic_cors", None)
    if cors is None:
        return False  # no --cors configured: refuse cross-origin pages
    from sanic_cors.core import get_cors_origins, try_match

    for pattern, options in getattr(cors, "resources", []):
        if try_match(request.path, pattern):
            return get_cors_origins(options, origin) is not None
    return False


class SecureSocketIOInput(SocketIOInput):
    """SocketIOInput whose sessions are issued and verified by the server."""

    def __init__(self, *args: Any, signer: Optional[SessionSigner] = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.signer = signer or SessionSigner.from_env()
        self.rate_limit = RateLimit.from_env()

    def blueprint(
        self, on_new_message: Callable[[UserMessage], Awaitable[Any]]
    ) -> Blueprint:
        # cors_allowed_origins=[] turns off engineio's own CORS headers, which would
        # clash with the ones sanic-cors (rasa --cors) adds; origins are checked in
        # `connect` instead.
        sio = AsyncServer(async_mode="sanic", cors_allowed_origins=[])
        blueprint = PolicySocketBlueprint(sio, self.socketio_path, "socketio_webhook", __name__)
        self.sio = sio  # used by get_output_channel
        namespace = self.namespace

        @blueprint.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @sio.on("connect", namespace=namespace)
        async def connect(sid: Text, environ: Dict, auth: Optional[Dict] = None) -> bool:
            if not origin_allowed(environ):
                logger.warning(
                    "Refused a socket.io connection from origin %r (not in --cors).",
                    environ.get("HTTP_ORIGIN"),
                )
                return False
            if self.jwt_key:
                token = auth.get("token") if isinstance(auth, dict) else None
                if not token or not decode_bearer_token(
                    token, self.jwt_key, self.jwt_algorithm
                ):
                    return False
            return True

        @sio.on("session_request", namespace=namespace)
        async def session_request(sid: Text, data: Any = None) -> None:
            data = data if isinstance(data, dict) else {}
            session_id, token = data.get("session_id"), data.get("token")
            resumed = self.signer.verify(session_id, token)
            if not resumed:
                session_id, token = self.signer.new_session()
            state = await sio.get_session(sid, namespace=namespace)
            previous = state.get("session_id")
            if previous and previous != session_id:
                await sio.leave_room(sid, conversation_id(self.name(), previous), namespace=namespace)
            state["session_id"] = session_id
            await sio.save_session(sid, state, namespace=namespace)
            await sio.enter_room(sid, conversation_id(self.name(), session_id), namespace=namespace)
            await sio.emit(
                "session_confirm",
                {"session_id": session_id, "token": token, "resumed": resumed},
                room=sid,
                namespace=namespace,
            )
            logger.debug("socket.io client %s: %s session", sid, "resumed" if resumed else "new")

        @sio.on(self.user_message_evt, namespace=namespace)
        async def handle_message(sid: Text, data: Any = None) -> None:
            state = await sio.get_session(sid, namespace=namespace)
            session_id = state.get("session_id")
            if not session_id:
                logger.warning("Ignored a socket.io message sent before session_request.")
                return
            data = data if isinstance(data, dict) else {}
            text = data.get("message")
            if not isinstance(text, str):
                return
            output_channel = SocketIOOutput(sio, self.bot_message_evt)
            conversation = conversation_id(self.name(), session_id)
            limit = self.rate_limit.check(conversation)
            if not limit.allowed:
                if limit.notify:
                    await output_channel.send_text_message(conversation, SLOW_DOWN_REPLY)
                return
            inbound = read_text(text)  # the policy all channels share
            if inbound.reply:  # empty or too long: answered here, never sent to the NLU
                await output_channel.send_text_message(conversation, inbound.reply)
                return
            metadata = read_metadata(data.get(self.metadata_key))
            await on_new_message(
                UserMessage(
                    inbound.text,
                    output_channel,
                    conversation,
                    input_channel=self.name(),
                    metadata=metadata,
                )
            )

        return blueprint
