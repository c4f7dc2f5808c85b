"""Rasa's REST channel with its input checked before anything reaches the NLU.

Why: with Rasa 3.6's RestInput a JSON array body gives a 500, a missing `sender` puts
the message into one shared "default" conversation (users' symptoms leak into each
other), one huge message stalls every user for seconds, and a user can type any intent
or entity as "/intent{...}". Here:
  - the body must be a JSON object, `sender` a short id of safe characters, and
    `message` a string, otherwise 400 {"error": "..."};
  - the text goes through the policy all channels share (addons/channels/inbound.py):
    cleaned, an empty or over-long message answered here (200, one bot message) and
    never sent to Rasa, and "/..." a payload only if the bot offers it as a button;
  - log lines carry a hash of the sender and lengths, never the message text;
  - the conversation is "rest:<sender>" (addons/channels/conversations.py), so a REST
    client can never address a widget, Slack or Telegram conversation; replies still
    name the client's own `sender` as recipient_id;
  - a client over its limit (addons/channels/rate_limit.py) or a sender over theirs gets
    429 with Retry-After; a client over its limit gets it after a pause, so one that
    retries at once, ignoring Retry-After, cannot keep the server busy refusing it; a message the server has no room for gets the domain's busy
    reply as 503 with Retry-After (addons/channels/admission.py);
  - REST is for local development and trusted back ends: with REST_CHANNEL_TOKEN set,
    every message needs `Authorization: Bearer <token>`; without it, messages are
    accepted only while the server listens on loopback, and refused (403) otherwise.

credentials.yml (replaces `rest:`; the URL stays /webhooks/rest/webhook):
    addons.channels.rest.SafeRestInput:
"""

import asyncio
import hashlib
import hmac
import json
import logging
import os
import re
from asyncio import Queue
from typing import Any, Awaitable, Callable, Dict, List, Mapping, NamedTuple, Optional, Text

import rasa.utils.endpoints
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import QueueOutputChannel, RestInput
from rasa.shared.constants import DEFAULT_SENDER_ID
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from addons.channels.admission import GATE, Busy, busy_text
from addons.channels.conversations import conversation_id
from addons.channels.inbound import Inbound, read_metadata, read_text, reject_json_constant
from addons.channels.rate_limit import SLOW_DOWN_REPLY, RateLimit
from addons.channels.network import client_address, listening_host, listens_on_loopback_only
from addons.channels.server_policy import MAX_REQUEST_BYTES, PolicyBlueprint

logger = logging.getLogger(__name__)

# Sanic refuses larger bodies before buffering them (addons/channels/server_policy.py); this
# is the same limit for a server that did not apply it. A message of 20,000 characters,
# however escaped (12 bytes per character at worst), still fits and gets the friendly
# too-long answer below.
MAX_BODY_BYTES = MAX_REQUEST_BYTES
SENDER_PATTERN = re.compile(r"[A-Za-z0-9_.:@-]{1,128}")
TOKEN_ENV = "REST_CHANNEL_TOKEN"
MIN_TOKEN_CHARS = 32
CLIENT_REFUSAL_PAUSE_S = 1.0
MAX_PAUSED_REFUSALS = 256  # held at once, server-wide: beyond that a refusal goes at once
OFF_OUTSIDE_LOOPBACK = (
    f"The REST channel is off on this server: it listens beyond this machine and {TOKEN_ENV} is not set."
)


class Refusal(Exception):
    """A request that is not a valid message: answered with 400 and `reason` in English."""

    def __init__(self, reason: Text, log_reason: Text) -> None:
        super().__init__(reason)
        self.reason = reason
        self.log_reason = log_reason  # short, no user text


class Incoming(NamedTuple):
    sender: Text
    text: Text  # cleaned; "" when empty
    metadata: Optional[Dict[Text, Any]]
    outcome: Text  # "message", "payload", "slash_stripped", "empty" or "too_long"
    raw_chars: int


def sender_ref(sender: Any) -> Text:
    """A short, stable reference to a sender for log lines (ids may be personal)."""
    return hashlib.sha256(str(sender).encode("utf-8", "replace")).hexdigest()[:12]


def read_request(body: bytes) -> Incoming:
    """Validate and clean a webhook body; raises Refusal for a 400."""
    if len(body) > MAX_BODY_BYTES:
        raise Refusal(
            f"The request body is too large (the limit is {MAX_BODY_BYTES:,} bytes).",
            f"body of {len(body)} bytes",
        )
    try:
        data = json.loads(body, parse_constant=reject_json_constant)
    except (ValueError, RecursionError):  # UnicodeDecodeError is a ValueError
        data = None
    if not isinstance(data, dict):
        raise Refusal(
            'The request body must be a JSON object like {"sender": "...", "message": "..."}.',
            "body is not a JSON object",
        )
    sender = data.get("sender")
    if not isinstance(sender, str) or not SENDER_PATTERN.fullmatch(sender):
        raise Refusal(
            'The "sender" field is required: a conversation id of 1 to 128 characters '
            "made of letters, digits and _ . : @ -",
            "missing or invalid sender",
        )
    if sender == DEFAULT_SENDER_ID:  # Rasa's shared fallback conversation: never join it
        raise Refusal(
            'The "sender" field must be an id of your own conversation, not "default".',
            "reserved sender id",
        )
    message = data.get("message")
    if not isinstance(message, str):
        raise Refusal('The "message" field is required and must be a string.', "missing or non-string message")
    metadata = read_metadata(data.get("metadata"))

    inbound = read_text(message)
    return Incoming(sender, inbound.text, metadata, inbound.outcome, len(message))


def bearer_token(headers: Mapping[str, str]) -> Optional[Text]:
    scheme, _, value = (headers.get("Authorization") or "").partition(" ")
    return value.strip() if scheme.lower() == "bearer" else None


def addressed_to(message: Dict[Text, Any], recipient: Text) -> Dict[Text, Any]:
    """A bot message as the client sees it: recipient_id is its own sender, not "rest:..."."""
    return {**message, "recipient_id": recipient} if "recipient_id" in message else message


class SafeRestInput(RestInput):
    """RestInput (same name, same URL, same reply format) that validates its input."""

    @classmethod
    def from_credentials(
        cls, credentials: Optional[Dict[Text, Any]], env: Optional[Mapping[str, str]] = None
    ) -> "SafeRestInput":
        token = ((os.environ if env is None else env).get(TOKEN_ENV) or "").strip()
        if token and len(token) < MIN_TOKEN_CHARS:
            logger.warning("%s is shorter than %d characters; use a long random value.", TOKEN_ENV, MIN_TOKEN_CHARS)
        return cls(token=token or None)

    def __init__(
        self,
        token: Optional[Text] = None,
        rate_limit: Optional[RateLimit] = None,
        client_limit: Optional[RateLimit] = None,
    ) -> None:
        self.token = token
        self.rate_limit = rate_limit or RateLimit.from_env()
        self.client_limit = client_limit or RateLimit.for_clients_from_env()
        self._paused = 0

    def __repr__(self) -> str:  # never let the token reach a log line
        return f"SafeRestInput(token={'set' if self.token else 'unset'})"

    def access_problem(self, request: Request) -> Optional[HTTPResponse]:
        """The refusal for a request this server must not accept, or None."""
        if self.token:
            sent = bearer_token(request.headers) or ""
            if hmac.compare_digest(self.token.encode(), sent.encode("utf-8", "replace")):
                return None
            logger.info("REST request refused (401): missing or wrong bearer token.")
            return response.json(
                {"error": "This REST channel needs the header 'Authorization: Bearer <token>'."},
                status=401,
                headers={"WWW-Authenticate": "Bearer"},
            )
        if listens_on_loopback_only(request.app):
            return None
        return response.json({"error": OFF_OUTSIDE_LOOPBACK}, status=403)

    async def _pause_refusal(self) -> None:
        """Wait before refusing an over-limit client (a bounded number at a time)."""
        if self._paused >= MAX_PAUSED_REFUSALS:
            return
        self._paused += 1
        try:
            await asyncio.sleep(CLIENT_REFUSAL_PAUSE_S)
        finally:
            self._paused -= 1

    @staticmethod
    async def on_message_wrapper(
        on_new_message: Callable[[UserMessage], Awaitable[Any]],
        text: Text,
        queue: Queue,
        sender_id: Text,
        input_channel: Text,
        metadata: Optional[Dict[Text, Any]],
    ) -> None:
        # Rasa's version never puts "DONE" when handling fails, so a ?stream=true
        # request would hang until the server's response timeout.
        try:
            await on_new_message(
                UserMessage(
                    text,
                    QueueOutputChannel(queue),
                    sender_id,
                    input_channel=input_channel,
                    metadata=metadata,
                )
            )
        except Exception:
            logger.exception("Handling a REST message failed (streamed).")
        finally:
            await queue.put("DONE")

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = PolicyBlueprint(f"custom_webhook_{type(self).__name__}", __name__)

        @webhook.listener("before_server_start")
        async def say_how_it_is_protected(app: Any, _: Any) -> None:
            if self.token:
                logger.info("REST channel on; every message needs the bearer token (%s).", TOKEN_ENV)
            elif not listens_on_loopback_only(app):
                logger.warning(
                    "REST channel off: the server listens on %s and %s is not set.", listening_host(app), TOKEN_ENV
                )

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            refusal = self.access_problem(request)
            if refusal is not None:
                return refusal
            try:
                incoming = read_request(request.body or b"")
            except Refusal as refusal:
                logger.info("REST request refused (400): %s.", refusal.log_reason)
                return response.json({"error": refusal.reason}, status=400)
            except Exception:  # a bug here must not turn user input into a 500
                logger.exception("Reading a REST request failed.")
                return response.json({"error": "The request could not be read."}, status=400)

            who = sender_ref(incoming.sender)
            conversation = conversation_id(self.name(), incoming.sender)
            limit = self.client_limit.check(client_address(request))
            client_over = not limit.allowed
            if limit.allowed:
                limit = self.rate_limit.check(conversation)
            if not limit.allowed:
                if limit.notify:  # once per run of refusals: a flood is not a flood of log lines
                    logger.info(
                        "REST messages from sender %s refused (429): %s over the rate limit.",
                        who,
                        "client" if client_over else "sender",
                    )
                if client_over:
                    await self._pause_refusal()
                return response.json(
                    [{"recipient_id": incoming.sender, "text": SLOW_DOWN_REPLY}],
                    status=429,
                    headers={"Retry-After": limit.retry_after_header},
                )
            stream = rasa.utils.endpoints.bool_arg(request, "stream", default=False)
            if incoming.outcome in ("empty", "too_long"):
                logger.info(
                    "REST message from sender %s not sent to Rasa: %s (%d characters).",
                    who,
                    incoming.outcome.replace("_", " "),
                    incoming.raw_chars,
                )
                return self._local_reply(incoming.sender, Inbound(incoming.text, incoming.outcome).reply, stream)
            if incoming.outcome == "slash_stripped":
                logger.info("REST message from sender %s: '/' payload not offered by the bot, read as text.", who)
            logger.debug("REST message from sender %s: %s, %d characters.", who, incoming.outcome, len(incoming.text))
            if stream:
                return response.stream(
                    self.stream_response(
                        on_new_message,
                        incoming.text,
                        conversation,
                        self.name(),
                        incoming.metadata,
                        recipient=incoming.sender,
                        app=request.app,
                    ),
                    content_type="text/event-stream",
                )
            collector = CollectingOutputChannel()
            try:
                async with GATE.slot():
                    try:
                        await on_new_message(
                            UserMessage(
                                incoming.text,
                                collector,
                                conversation,
                                input_channel=self.name(),  # a client-sent input_channel is ignored
                                metadata=incoming.metadata,
                            )
                        )
                    except asyncio.CancelledError:
                        logger.error("Handling a REST message from sender %s timed out.", who)
                    except Exception:
                        # As Rasa does: answer with what was collected, but without the text in the log.
                        logger.exception("Handling a REST message from sender %s failed.", who)
            except Busy as busy:
                text = busy_text(request.app)
                return response.json(
                    [{"recipient_id": incoming.sender, "text": text}] if text else {"error": "busy"},
                    status=503,
                    headers={"Retry-After": busy.retry_after_header},
                )
            return response.json([addressed_to(message, incoming.sender) for message in collector.messages])

        return webhook

    def stream_response(
        self,
        on_new_message: Callable[[UserMessage], Awaitable[None]],
        text: Text,
        sender_id: Text,
        input_channel: Text,
        metadata: Optional[Dict[Text, Any]],
        recipient: Optional[Text] = None,
        app: Any = None,
    ) -> Callable[[Any], Awaitable[None]]:
        """Rasa's line-per-message stream, each message addressed to the client's sender.

        The stream's status is sent before the gate is asked, so "busy" is its one line."""

        async def stream(resp: Any) -> None:
            try:
                async with GATE.slot():
                    queue: Queue = Queue()
                    task = asyncio.ensure_future(
                        self.on_message_wrapper(on_new_message, text, queue, sender_id, input_channel, metadata)
                    )
                    while True:
                        result = await queue.get()
                        if result == "DONE":
                            break
                        await resp.write(json.dumps(addressed_to(result, recipient or sender_id)) + "\n")
                    await task
            except Busy:
                busy = busy_text(app)
                if busy:
                    await resp.write(json.dumps({"recipient_id": recipient or sender_id, "text": busy}) + "\n")

        return stream

    @staticmethod
    def _local_reply(sender: Text, text: Text, stream: bool) -> HTTPResponse:
        """One bot message in the same shape as the collector's (or the stream's) output."""
        messages: List[Dict[Text, Any]] = [{"recipient_id": sender, "text": text}]
        if not stream:
            return response.json(messages)

        async def write(resp: Any) -> None:
            for message in messages:
                await resp.write(json.dumps(message) + "\n")

        return response.stream(write, content_type="text/event-stream")
