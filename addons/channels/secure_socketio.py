"""Rasa's socket.io channel with server-issued sessions that expire, end and have one holder.

Why: in Rasa 3.6 the browser picks its own session id and joins the socket.io room of
that name, so anyone who knows another visitor's id receives that visitor's replies.
Here (addons/channels/widget_sessions.py):
  - the server issues a random session id and a signed token that expires a day after it
    was issued; joining a session and using it renew the token ("session_token" events),
    so only a session left unused that long expires;
  - a client joins a session only with a valid token, never a revoked one (the browser
    left it for a new one: Restart, or after "forget me"; or the bot confirmed "forget me"),
    and never one whose stored conversation is gone;
  - while a live connection holds a session, a replayed token joins nothing: the client
    is told "session_busy" (the widget retries, for when its own old connection has not
    timed out yet);
  - messages are accepted only for the session bound to the connection (the session_id in
    the payload is ignored). The conversation, and the room replies go to, is
    "socketio:<session id>" (addons/channels/conversations.py), so no other channel can
    address it;
  - rate limits per session, per connection and per client address, and the server's
    bounded queue, whose "busy" reply comes as a bot message (addons/channels/rate_limit.py,
    addons/channels/admission.py).

credentials.yml:
    addons.channels.secure_socketio.SecureSocketIOInput:
      user_message_evt: user_uttered
      bot_message_evt: bot_uttered
Sessions are always persistent (session_persistence is implied). The HMAC secret comes
from SOCKETIO_SESSION_SECRET. Allowed browser origins are the ones given to
`rasa run --cors ...`, applied to websocket handshakes too (browsers do not enforce
CORS on websockets). Revocations are kept in the lock store's Redis when there is one
(addons/channels/shared_keys.py), else in this server's memory.
"""

import logging
import time
from typing import Any, Awaitable, Callable, Dict, Optional, Text

from rasa.core.channels.channel import UserMessage, decode_bearer_token
from rasa.core.channels.socketio import SocketIOInput, SocketIOOutput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from socketio import AsyncServer

from addons.channels.admission import GATE, Busy, busy_text
from addons.channels.conversations import conversation_id, local_id
from addons.channels.inbound import read_metadata, read_text
from addons.channels.network import client_address
from addons.channels.origins import cors_allows
from addons.channels.rate_limit import SLOW_DOWN_REPLY, RateLimit
from addons.channels.server_policy import PolicySocketBlueprint
from addons.channels.shared_keys import ChannelKeys
from addons.channels.widget_sessions import (  # noqa: F401 - SECRET_ENV and SessionSigner are this channel's API
    RENEW_AFTER_S,
    SECRET_ENV,
    SessionHolders,
    SessionSigner,
    is_revoked,
    revoke,
)

logger = logging.getLogger(__name__)

BUSY_RETRY_S = 2  # when to ask again for a session another connection holds
# A connection that vanished without closing (a phone losing signal) is dropped after
# PING_INTERVAL_S + PING_TIMEOUT_S, which frees its session for the reconnecting widget.
PING_INTERVAL_S, PING_TIMEOUT_S = 10, 10


def origin_allowed(environ: Dict[Text, Any]) -> bool:
    """Apply the `rasa run --cors` policy (sanic-cors) to a socket.io connection."""
    origin = environ.get("HTTP_ORIGIN")
    if not origin:
        return True  # not a cross-origin browser request (browsers send Origin on those)
    return cors_allows(environ.get("sanic.request"), origin)


class SessionOutput(SocketIOOutput):
    """Rasa's socket.io output; a confirmed "forget me" also revokes the session."""

    def __init__(self, sio: AsyncServer, bot_message_evt: Text, on_forgotten: Callable[[Text], None]) -> None:
        super().__init__(sio, bot_message_evt)
        self.on_forgotten = on_forgotten

    async def send_custom_json(self, recipient_id: Text, json_message: Dict[Text, Any], **kwargs: Any) -> None:
        data = json_message.get("data")
        if isinstance(data, dict) and data.get("forgotten") is True:  # utter_forgotten's payload
            self.on_forgotten(recipient_id)
        await super().send_custom_json(recipient_id, json_message, **kwargs)


class SecureSocketIOInput(SocketIOInput):
    """SocketIOInput whose sessions are issued, renewed and revoked by the server."""

    def __init__(self, *args: Any, signer: Optional[SessionSigner] = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.signer = signer or SessionSigner.from_env()
        self.rate_limit = RateLimit.from_env()
        self.client_limit = RateLimit.for_clients_from_env()
        self.holders = SessionHolders()
        self.keys = ChannelKeys()
        self._app: Any = None

    def _keys(self) -> Any:
        return self.keys.for_app(self._app)

    def _forgotten(self, conversation: Text) -> None:
        revoke(self._keys(), local_id(self.name(), conversation))
        logger.info("A widget session was revoked after a confirmed forget me.")

    def get_output_channel(self) -> Optional[SessionOutput]:
        if self.sio is None:
            return None
        return SessionOutput(self.sio, self.bot_message_evt, self._forgotten)

    async def _conversation_stored(self, session_id: Text) -> bool:
        """Is there a stored conversation to resume ("forget me" deletes it)?"""
        agent = getattr(getattr(self._app, "ctx", None), "agent", None)
        store = getattr(agent, "tracker_store", None)
        if store is None:
            return True  # no store to ask (not a Rasa server): the token decides
        try:
            tracker = await store.retrieve(conversation_id(self.name(), session_id))
        except Exception:
            logger.warning("Could not read a widget conversation back; starting a new session.")
            return False
        return tracker is not None and bool(tracker.events)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        # cors_allowed_origins=[] turns off engineio's own CORS headers, which would
        # clash with the ones sanic-cors (rasa --cors) adds; origins are checked in
        # `connect` instead.
        sio = AsyncServer(
            async_mode="sanic", cors_allowed_origins=[], ping_interval=PING_INTERVAL_S, ping_timeout=PING_TIMEOUT_S
        )
        blueprint = PolicySocketBlueprint(sio, self.socketio_path, "socketio_webhook", __name__)
        self.sio = sio  # used by get_output_channel
        namespace = self.namespace

        @blueprint.listener("before_server_start")
        async def remember_app(app: Any, _: Any) -> None:
            self._app = app  # its agent (tracker store, lock store) is loaded later

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
                if not token or not decode_bearer_token(token, self.jwt_key, self.jwt_algorithm):
                    return False
            await sio.save_session(sid, {"client": client_address(environ.get("sanic.request"))}, namespace=namespace)
            return True

        @sio.on("disconnect", namespace=namespace)
        async def disconnect(sid: Text) -> None:
            state = await sio.get_session(sid, namespace=namespace)
            self.holders.release(state.get("session_id"), sid)

        async def why_not_resumed(sid: Text, session_id: Any, token: Any) -> Optional[Text]:
            if not self.signer.verify(session_id, token):
                return "no valid token"
            if is_revoked(self._keys(), session_id):
                return "revoked"
            if self.holders.holder(session_id) not in (None, sid):
                return "busy"
            if not await self._conversation_stored(session_id):
                return "no stored conversation"
            return None

        @sio.on("session_request", namespace=namespace)
        async def session_request(sid: Text, data: Any = None) -> None:
            data = data if isinstance(data, dict) else {}
            session_id, token = data.get("session_id"), data.get("token")
            state = await sio.get_session(sid, namespace=namespace)
            previous = state.get("session_id")
            refusal = None if session_id == previous and previous else await why_not_resumed(sid, session_id, token)
            if refusal == "busy":
                logger.info("A widget session was asked for while another connection holds it.")
                await sio.emit("session_busy", {"retry_after": BUSY_RETRY_S}, room=sid, namespace=namespace)
                return
            resumed = refusal is None
            if not resumed:
                session_id, token = self.signer.new_session()
            else:
                token = self.signer.token(session_id)  # renewed
            if previous and previous != session_id:
                # This browser leaves its session (Restart, or after "forget me"): for good.
                revoke(self._keys(), previous)
                self.holders.release(previous, sid)
                await sio.leave_room(sid, conversation_id(self.name(), previous), namespace=namespace)
            self.holders.hold(session_id, sid)
            state.update(session_id=session_id, renewed_at=time.monotonic())
            await sio.save_session(sid, state, namespace=namespace)
            await sio.enter_room(sid, conversation_id(self.name(), session_id), namespace=namespace)
            await sio.emit(
                "session_confirm",
                {"session_id": session_id, "token": token, "resumed": resumed},
                room=sid,
                namespace=namespace,
            )
            logger.debug("socket.io client: %s session (%s)", "resumed" if resumed else "new", refusal or "token valid")

        async def renew_if_due(sid: Text, state: Dict[Text, Any]) -> None:
            if time.monotonic() - state.get("renewed_at", 0) < RENEW_AFTER_S:
                return
            state["renewed_at"] = time.monotonic()
            await sio.save_session(sid, state, namespace=namespace)
            session_id = state["session_id"]
            await sio.emit(
                "session_token",
                {"session_id": session_id, "token": self.signer.token(session_id)},
                room=sid,
                namespace=namespace,
            )

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
            output_channel = SessionOutput(sio, self.bot_message_evt, self._forgotten)
            conversation = conversation_id(self.name(), session_id)
            limit = self.client_limit.check(state.get("client") or "")
            for sender in (f"connection:{sid}", conversation):  # a new session is no way round it
                if limit.allowed:
                    limit = self.rate_limit.check(sender)
            if not limit.allowed:
                if limit.notify:
                    await output_channel.send_text_message(conversation, SLOW_DOWN_REPLY)
                return
            await renew_if_due(sid, state)
            inbound = read_text(text)  # the policy all channels share
            if inbound.reply:  # empty or too long: answered here, never sent to the NLU
                await output_channel.send_text_message(conversation, inbound.reply)
                return
            metadata = read_metadata(data.get(self.metadata_key))
            try:
                async with GATE.slot():
                    await on_new_message(
                        UserMessage(
                            inbound.text,
                            output_channel,
                            conversation,
                            input_channel=self.name(),
                            metadata=metadata,
                        )
                    )
            except Busy:
                busy = busy_text(self._app)
                if busy:
                    await output_channel.send_text_message(conversation, busy)

        return blueprint
