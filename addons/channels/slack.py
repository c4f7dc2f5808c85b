"""Slack channel configured from the environment, with signed requests only.

credentials.yml (no secrets there):
    addons.channels.slack.EnvSlackInput:
Environment: SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET (both, or neither = channel off);
SLACK_API_URL only to point the Web API client at a fake in tests.

Routes (Rasa prefixes them with /webhooks/slack): GET / (health) and POST /webhook for
both the Events API and Interactivity (button clicks).

Why not Rasa's SlackInput as is: it reads secrets from credentials.yml, answers
retries with 201 only for some retry reasons (so other retries reply twice), parses the
request before checking the signature, merges all threads of a user into one
conversation, and answers a mention in a public channel in that channel, where a triage
outcome or a doctor summary is shown to everyone. Here:
  - an event is handled once: its event id (and channel and ts, as a DM can arrive both as
    a message and as a mention) is recorded when it is handled, so a retry of an event
    that was handled is acknowledged and dropped, while a retry of one whose first delivery
    never got through is handled. The record is shared by all Rasa servers when the lock
    store is Redis (addons/channels/shared_keys.py);
  - outside a direct message (a channel, a private channel, a group DM) the bot never
    discusses symptoms there: it opens a DM with the person (needs the im:write scope),
    answers a short note in a thread under their message, and continues in the DM;
  - replies are sent as plain text blocks so nothing is read as mrkdwn;
  - a rate limit per person, and the server's bounded queue, whose "busy" reply comes as a
    message (addons/channels/rate_limit.py, addons/channels/admission.py).
"""

import asyncio
import hashlib
import hmac
import json
import logging
import time
from typing import Any, Awaitable, Callable, Dict, List, Mapping, Optional, Text
from urllib.parse import parse_qs

from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from rasa.core.channels.slack import SlackBot, SlackInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from addons.channels import conversations
from addons.channels.admission import GATE, Busy, busy_text
from addons.channels.env import disabled_blueprint, read_channel_env
from addons.channels.inbound import read_text
from addons.channels.rate_limit import SLOW_DOWN_REPLY, RateLimit
from addons.channels.server_policy import PolicyBlueprint
from addons.channels.shared_keys import ChannelKeys, first_delivery
from addons.channels.text_chunks import split_lines

logger = logging.getLogger(__name__)

REQUIRED = ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET")
OPTIONAL = ("SLACK_API_URL",)
MAX_REQUEST_AGE = 5 * 60  # seconds; Slack's documented replay window
SECTION_CHARS = 3000  # Slack's limit for a section block's text
BUTTONS_PER_BLOCK = 5
BUTTON_TITLE_CHARS = 75  # Slack's limit for a button's text
SEEN_TTL = 60 * 60  # seconds: Slack retries within minutes; keep ids an hour
MOVED_TO_DM_NOTE = "Hi! So that what you tell me stays private, I've sent you a direct message. Let's continue there."
ASK_FOR_DM_NOTE = (
    "Hi! So that what you tell me stays private, please send me a direct message and we'll continue there."
)


def signature(secret: Text, timestamp: Text, body: bytes) -> Text:
    """Slack's v0 request signature: HMAC-SHA256 of `v0:{timestamp}:{body}`."""
    base = b"v0:" + timestamp.encode("utf-8") + b":" + body
    return "v0=" + hmac.new(secret.encode("utf-8"), base, hashlib.sha256).hexdigest()


def signature_problem(
    secret: Text, headers: Mapping[str, str], body: bytes, now: Optional[float] = None
) -> Optional[Text]:
    """Why the request is not from Slack, or None when it is signed and fresh."""
    timestamp = headers.get("X-Slack-Request-Timestamp") or ""
    sent = headers.get("X-Slack-Signature") or ""
    if not timestamp or not sent:
        return "missing signature headers"
    try:
        age = abs((time.time() if now is None else now) - int(timestamp))
    except ValueError:
        return "malformed timestamp"
    if age > MAX_REQUEST_AGE:
        return "timestamp older than five minutes"
    expected = signature(secret, timestamp, body)
    # Compare bytes: compare_digest refuses non-ASCII str, and the header is untrusted.
    if not hmac.compare_digest(expected.encode(), sent.encode("utf-8", "replace")):
        return "signature mismatch"
    return None


def conversation_id(user: Text, channel: Text, thread_ts: Optional[Text]) -> Text:
    """One conversation per thread; otherwise per user in a DM, per user and channel elsewhere.

    Prefixed "slack:" (addons/channels/conversations.py): no other channel can address it.
    """
    if thread_ts:
        local = f"{user}_{channel}_{thread_ts}"
    elif channel.startswith("D"):  # direct message channels have D ids
        local = user
    else:
        local = f"{user}_{channel}"
    return conversations.conversation_id(SlackInput.name(), local)


def escape(text: Text) -> Text:
    """Slack's three control characters, for the `text` field (notifications)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class EnvSlackBot(SlackBot):
    """Posts replies as plain text blocks (no mrkdwn), in the thread they belong to."""

    def __init__(
        self,
        token: Text,
        slack_channel: Optional[Text] = None,
        thread_id: Optional[Text] = None,
        api_url: Optional[Text] = None,
    ) -> None:
        OutputChannel.__init__(self)
        self.slack_channel = slack_channel
        self.thread_id = thread_id
        self.proxy = None
        kwargs = {"base_url": api_url} if api_url else {}
        self.client = AsyncWebClient(token, **kwargs)

    async def _post_message(self, channel: Text, **kwargs: Any) -> None:
        kwargs.pop("as_user", None)  # legacy; refused by apps with granular bot scopes
        if self.thread_id:
            kwargs["thread_ts"] = self.thread_id
        await self.client.chat_postMessage(channel=channel, **kwargs)

    @staticmethod
    def _text_blocks(text: Text) -> List[Dict[Text, Any]]:
        return [
            {"type": "section", "text": {"type": "plain_text", "text": chunk, "emoji": True}}
            for chunk in split_lines(text, SECTION_CHARS)
        ]

    async def send_text_message(self, recipient_id: Text, text: Text, **kwargs: Any) -> None:
        # One Slack message per bot response, so a triage outcome stays together.
        await self._post_message(
            self.slack_channel or recipient_id,
            text=escape(text.strip()),
            blocks=self._text_blocks(text),
        )

    async def send_text_with_buttons(
        self, recipient_id: Text, text: Text, buttons: List[Dict[Text, Any]], **kwargs: Any
    ) -> None:
        elements = [
            {
                "type": "button",
                "action_id": f"rasa_button_{index}",  # must be unique within a message
                "text": {"type": "plain_text", "text": button["title"][:BUTTON_TITLE_CHARS]},
                "value": button["payload"],
            }
            for index, button in enumerate(buttons)
        ]
        actions = [
            {"type": "actions", "elements": elements[start : start + BUTTONS_PER_BLOCK]}
            for start in range(0, len(elements), BUTTONS_PER_BLOCK)
        ]
        await self._post_message(
            self.slack_channel or recipient_id,
            text=escape(text.strip()),
            blocks=self._text_blocks(text) + actions,
        )


class EnvSlackInput(SlackInput):
    """Rasa's Slack input with settings from the environment; off when none are set."""

    @classmethod
    def from_credentials(
        cls, credentials: Optional[Dict[Text, Any]], env: Optional[Mapping[str, str]] = None
    ) -> InputChannel:
        settings = read_channel_env("Slack", REQUIRED, OPTIONAL, env)
        if settings is None:
            return cls(enabled=False)
        if not settings["SLACK_BOT_TOKEN"].startswith("xox"):
            logger.warning("SLACK_BOT_TOKEN does not look like a Slack token (xoxb-...).")
        return cls(
            slack_token=settings["SLACK_BOT_TOKEN"],
            slack_signing_secret=settings["SLACK_SIGNING_SECRET"],
            api_url=settings.get("SLACK_API_URL"),
        )

    def __init__(
        self,
        slack_token: Optional[Text] = None,
        slack_signing_secret: Text = "",
        api_url: Optional[Text] = None,
        enabled: bool = True,
    ) -> None:
        self.enabled = enabled
        self.api_url = api_url
        self.keys = ChannelKeys()
        self.rate_limit = RateLimit.from_env()
        self._app: Any = None
        if not enabled:
            self.slack_token, self.slack_signing_secret, self.slack_channel = None, "", None
            return
        # The parent validates that a signing secret is present.
        super().__init__(slack_token, slack_signing_secret=slack_signing_secret)

    def __repr__(self) -> str:  # never let the token or secret reach a log line
        return f"EnvSlackInput(enabled={self.enabled})"

    def get_output_channel(
        self, channel: Optional[Text] = None, thread_id: Optional[Text] = None
    ) -> Optional[OutputChannel]:
        if not self.enabled:
            return None  # Rasa falls back to collecting the messages
        return EnvSlackBot(self.slack_token, channel, thread_id, self.api_url)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        if not self.enabled:
            return disabled_blueprint("slack_webhook", "Slack", REQUIRED)
        slack_webhook = PolicyBlueprint("slack_webhook", __name__)

        @slack_webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @slack_webhook.route("/webhook", methods=["POST"])
        async def webhook(request: Request) -> HTTPResponse:
            problem = signature_problem(self.slack_signing_secret, request.headers, request.body)
            if problem:
                logger.warning("Refused a Slack request: %s.", problem)
                return response.json({"error": "invalid Slack signature"}, status=401)
            content_type = (request.headers.get("content-type") or "").split(";")[0].strip()
            try:
                if content_type == "application/x-www-form-urlencoded":
                    form = parse_qs(request.body.decode("utf-8"))
                    payload = json.loads(form.get("payload", ["{}"])[0])
                    message = self._interaction(payload)
                else:
                    body = json.loads(request.body or b"{}")
                    if body.get("type") == "url_verification":
                        return response.json({"challenge": body.get("challenge")})
                    message = self._event(body, self.keys.for_app(request.app))
            except (ValueError, AttributeError, TypeError, KeyError):
                return response.json({"error": "unreadable Slack payload"}, status=400)
            if message is not None:
                if request.headers.get("X-Slack-Retry-Num"):
                    logger.info(
                        "Handling Slack retry #%s: its first delivery was not handled.",
                        request.headers.get("X-Slack-Retry-Num"),
                    )
                self._app = request.app  # for the domain's busy reply
                self._dispatch(on_new_message, *message)
            return response.text("")  # Slack wants a 2xx within 3 seconds

        return slack_webhook

    def _event(self, body: Dict[Text, Any], keys: Any) -> Optional[tuple]:
        """(text, user, channel, thread_ts, bot users, ts) of a user message for the bot."""
        event = body.get("event") or {}
        if body.get("type") != "event_callback" or not isinstance(event, dict):
            return None
        kind, channel, user = event.get("type"), event.get("channel"), event.get("user")
        text = event.get("text")
        if event.get("bot_id") or event.get("subtype") or not (channel and user and text):
            return None  # the bot's own posts, edits, joins, ...
        if kind == "message" and event.get("channel_type") != "im":
            return None  # channel messages reach the bot as app_mention
        if kind not in ("message", "app_mention"):
            return None
        # A mention in a DM can arrive as both event types: same channel and ts.
        names = (f"slack-event:{body.get('event_id')}", f"slack-message:{channel}:{event.get('ts')}")
        if not first_delivery(keys, SEEN_TTL, *names):
            logger.info("Ignored a Slack event already handled.")
            return None
        bot_users = list(body.get("authed_users") or []) + [
            auth.get("user_id") for auth in body.get("authorizations") or [] if auth.get("user_id")
        ]
        return text, user, channel, event.get("thread_ts"), bot_users, event.get("ts")

    @staticmethod
    def _interaction(payload: Dict[Text, Any]) -> Optional[tuple]:
        """The same tuple for a button click (block_actions), else None."""
        actions = payload.get("actions") or []
        if payload.get("type") != "block_actions" or not actions:
            return None
        value = actions[0].get("value") if actions[0].get("type") == "button" else None
        channel = (payload.get("channel") or {}).get("id")
        user = (payload.get("user") or {}).get("id")
        if value is None or not (channel and user):
            return None  # link buttons carry no value
        message = payload.get("message") or {}
        thread_ts = message.get("thread_ts") or (payload.get("container") or {}).get("thread_ts")
        return value, user, channel, thread_ts, [], message.get("ts")

    def _dispatch(
        self,
        on_new_message: Callable[[UserMessage], Awaitable[Any]],
        text: Text,
        user: Text,
        channel: Text,
        thread_ts: Optional[Text],
        bot_users: List[Text],
        ts: Optional[Text] = None,
    ) -> None:
        limit = self.rate_limit.check(conversations.conversation_id(self.name(), user))  # per person
        if not limit.allowed and not limit.notify:
            return
        work = self._answer(on_new_message, text, user, channel, thread_ts, bot_users, ts, limit.allowed)
        # Answer Slack at once and let the bot work in the background; keep a reference
        # so the task is not garbage-collected mid-way.
        task = asyncio.create_task(self._handle(work))
        self._background_tasks.add(task)
        task.add_done_callback(self._background_tasks.discard)

    async def _answer(
        self,
        on_new_message: Callable[[UserMessage], Awaitable[Any]],
        text: Text,
        user: Text,
        channel: Text,
        thread_ts: Optional[Text],
        bot_users: List[Text],
        ts: Optional[Text],
        allowed: bool,
    ) -> None:
        if not channel.startswith("D"):  # not a DM: nothing about health is said here
            channel, thread_ts = await self._move_to_dm(user, channel, thread_ts or ts), None
            if channel is None:
                return
        out_channel = self.get_output_channel(channel, thread_ts)
        if not allowed:
            await out_channel.send_text_message(channel, SLOW_DOWN_REPLY)
            return
        inbound = read_text(self._sanitize_user_message(text, bot_users))  # shared by all channels
        if inbound.reply:  # empty or too long: answered here, never sent to the NLU
            await out_channel.send_text_message(channel, inbound.reply)
            return
        try:
            async with GATE.slot():
                await on_new_message(
                    UserMessage(
                        inbound.text,
                        out_channel,
                        conversation_id(user, channel, thread_ts),
                        input_channel=self.name(),
                        metadata={"out_channel": channel, "thread_id": thread_ts, "users": bot_users},
                    )
                )
        except Busy:
            busy = busy_text(self._app)
            if busy:
                await out_channel.send_text_message(channel, busy)

    async def _move_to_dm(self, user: Text, channel: Text, note_ts: Optional[Text]) -> Optional[Text]:
        """Open a DM with `user` and say so in a thread under their message; the DM's id,
        or None when it cannot be opened (the note then asks them to write directly)."""
        client = EnvSlackBot(self.slack_token, api_url=self.api_url).client
        try:
            opened = await client.conversations_open(users=user)
            dm = (opened.get("channel") or {}).get("id")
        except SlackApiError as error:
            logger.warning(
                "Could not open a Slack DM (%s); asked the person to write directly.", error.response.get("error")
            )
            dm = None
        note = MOVED_TO_DM_NOTE if dm else ASK_FOR_DM_NOTE
        await client.chat_postMessage(
            channel=channel, thread_ts=note_ts, text=note, blocks=EnvSlackBot._text_blocks(note)
        )
        return dm

    @staticmethod
    async def _handle(work: Awaitable[Any]) -> None:
        try:
            await work
        except SlackApiError as error:
            logger.error("Slack refused a reply: %s", error.response.get("error"))
        except Exception:  # a background task has nobody else to report to
            logger.exception("Handling a Slack message failed.")
