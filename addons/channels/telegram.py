"""Telegram channel configured from the environment, offline-safe at start-up.

credentials.yml (no secrets there):
    addons.channels.telegram.EnvTelegramInput:
Environment: TELEGRAM_BOT_TOKEN, TELEGRAM_BOT_NAME, TELEGRAM_WEBHOOK_URL,
TELEGRAM_WEBHOOK_SECRET (all, or none = channel off); TELEGRAM_API_URL only to point
the Bot API client at a fake in tests.

Routes (Rasa prefixes them with /webhooks/telegram): GET / (health), POST /webhook.

Why not Rasa's TelegramInput as is: it calls setWebhook while the blueprint is built
(an unreachable Telegram stops the whole bot), exposes an unauthenticated /set_webhook
route, calls getMe on every update, and accepts any POST as an update. Here the
webhook is registered by scripts/telegram_webhook.py, and only requests carrying the
secret Telegram was given (X-Telegram-Bot-Api-Secret-Token) are processed. In a group the
bot never discusses health: a message addressed to it (a mention, its command, a reply to
it) gets a one-line note pointing to a private chat with it. An update is
handled once: Telegram resends one it thinks was not delivered, and its update_id is
recorded (in the lock store's Redis when there is one, addons/channels/shared_keys.py):
claimed for UPDATE_CLAIM_TTL while it is handled, done once it was. A resend of a done
update is acknowledged and dropped; one that arrives while the update is claimed but not
done gets 503 (Telegram resends it later), so an update whose server died mid-way is
handled by the resend after the claim lapsed instead of being lost.
A rate limit per chat, and the server's bounded queue, whose "busy" reply comes as a
message (addons/channels/rate_limit.py, addons/channels/admission.py).
"""

import hashlib
import hmac
import json
import logging
import re
from collections import OrderedDict
from typing import Any, Awaitable, Callable, Dict, List, Mapping, Optional, Text

from aiogram import Bot
from aiogram.bot.api import TELEGRAM_PRODUCTION, TelegramAPIServer
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup, Update
from aiogram.utils.exceptions import TelegramAPIError, ValidationError
from rasa.core.channels.channel import InputChannel, UserMessage
from rasa.core.channels.telegram import TelegramInput, TelegramOutput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from addons.channels.conversations import conversation_id, local_id
from addons.channels.env import ChannelConfigError, disabled_blueprint, read_channel_env
from addons.channels.inbound import read_text
from addons.channels.admission import GATE, Busy, busy_text
from addons.channels.rate_limit import SLOW_DOWN_REPLY, RateLimit
from addons.channels.server_policy import PolicyBlueprint
from addons.channels.shared_keys import ChannelKeys, first_delivery
from addons.channels.text_chunks import split_lines, utf16_len

logger = logging.getLogger(__name__)

REQUIRED = (
    "TELEGRAM_BOT_TOKEN",
    "TELEGRAM_BOT_NAME",
    "TELEGRAM_WEBHOOK_URL",
    "TELEGRAM_WEBHOOK_SECRET",
)
OPTIONAL = ("TELEGRAM_API_URL",)
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
SECRET_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,256}$")  # what setWebhook accepts
MIN_SECRET_CHARS = 32
MESSAGE_LIMIT = 4096  # Telegram's limit for a message's text
CALLBACK_DATA_BYTES = 64  # Telegram's limit for a button's callback_data
LONG_PAYLOADS_MAX = 1000
LONG_PAYLOAD_PREFIX = "#p:"
UPDATE_SEEN_TTL = 24 * 3600  # Telegram keeps resending an unacknowledged update for up to a day
UPDATE_CLAIM_TTL = 120  # seconds: far longer than handling one update takes
IN_PROGRESS_RETRY_S = 30
GROUP_NOTE_EVERY_S = 3600  # the note to one person in one group, at most this often
PRIVATE_CHAT_NOTE = "So that what you tell me stays private, let's talk in a private chat: https://t.me/{bot_name}"
GREET = "/greet"
RESTART = "/restart"


def settings_from_env(env: Optional[Mapping[str, str]] = None) -> Optional[Dict[str, str]]:
    """Validated settings, None when the channel is off; errors never show a value."""
    settings = read_channel_env("Telegram", REQUIRED, OPTIONAL, env)
    if settings is None:
        return None
    token = settings["TELEGRAM_BOT_TOKEN"]
    left, _, right = token.partition(":")
    if not (left.isdigit() and right) or any(char.isspace() for char in token):
        raise ChannelConfigError("TELEGRAM_BOT_TOKEN is not a bot token (BotFather gives '<digits>:<letters>').")
    if not SECRET_PATTERN.match(settings["TELEGRAM_WEBHOOK_SECRET"]):
        raise ChannelConfigError(
            "TELEGRAM_WEBHOOK_SECRET must be 1-256 characters of A-Z, a-z, 0-9, _ and - "
            "(Telegram's rule for secret_token)."
        )
    if len(settings["TELEGRAM_WEBHOOK_SECRET"]) < MIN_SECRET_CHARS:
        logger.warning(
            "TELEGRAM_WEBHOOK_SECRET is shorter than %d characters; use a long random value.",
            MIN_SECRET_CHARS,
        )
    if not settings["TELEGRAM_WEBHOOK_URL"].startswith("https://"):
        raise ChannelConfigError("TELEGRAM_WEBHOOK_URL must start with https:// (Telegram requires it).")
    settings["TELEGRAM_BOT_NAME"] = settings["TELEGRAM_BOT_NAME"].lstrip("@")
    return settings


class EnvTelegramOutput(TelegramOutput):
    """Plain-text replies (no parse_mode), split at 4096, buttons as an inline keyboard."""

    def __init__(self, access_token: Text, api_url: Optional[Text] = None) -> None:
        server = TelegramAPIServer.from_base(api_url) if api_url else TELEGRAM_PRODUCTION
        # Bot.__init__ only stores settings; its HTTP session is opened on first use.
        Bot.__init__(self, access_token, server=server)
        self._long_payloads: "OrderedDict[str, str]" = OrderedDict()

    def __repr__(self) -> str:  # never let the token reach a log line
        return "EnvTelegramOutput(<token hidden>)"

    @staticmethod
    def chat_id(recipient_id: Text) -> Text:
        """The Telegram chat of a conversation ("telegram:<chat id>") or of a bare chat id."""
        return local_id(TelegramInput.name(), str(recipient_id))

    async def send_text_message(self, recipient_id: Text, text: Text, **kwargs: Any) -> None:
        recipient_id = self.chat_id(recipient_id)
        for chunk in split_lines(text, MESSAGE_LIMIT, utf16_len):
            await self.send_message(recipient_id, chunk)

    async def send_text_with_buttons(
        self, recipient_id: Text, text: Text, buttons: List[Dict[Text, Any]], **kwargs: Any
    ) -> None:
        recipient_id = self.chat_id(recipient_id)
        chunks = split_lines(text, MESSAGE_LIMIT, utf16_len) or ["…"]
        for chunk in chunks[:-1]:
            await self.send_message(recipient_id, chunk)
        keys = [
            InlineKeyboardButton(button["title"], callback_data=self.callback_data(button["payload"]))
            for button in buttons
        ]
        # Short answers (Yes / No / Not sure) fit on one row; questions get a row each.
        one_row = len(keys) <= 3 and all(len(button["title"]) <= 12 for button in buttons)
        rows = [keys] if one_row else [[key] for key in keys]
        await self.send_message(recipient_id, chunks[-1], reply_markup=InlineKeyboardMarkup(inline_keyboard=rows))

    async def send_image_url(self, recipient_id: Text, image: Text, **kwargs: Any) -> None:
        await super().send_image_url(self.chat_id(recipient_id), image, **kwargs)

    async def send_custom_json(self, recipient_id: Text, json_message: Dict[Text, Any], **kwargs: Any) -> None:
        await super().send_custom_json(self.chat_id(recipient_id), json_message, **kwargs)

    def callback_data(self, payload: Text) -> Text:
        """The payload itself if it fits Telegram's 64 bytes, else a short key for it."""
        if len(payload.encode("utf-8")) <= CALLBACK_DATA_BYTES:
            return payload
        key = LONG_PAYLOAD_PREFIX + hashlib.sha256(payload.encode("utf-8")).hexdigest()[:32]
        self._long_payloads[key] = payload
        self._long_payloads.move_to_end(key)
        while len(self._long_payloads) > LONG_PAYLOADS_MAX:
            self._long_payloads.popitem(last=False)
        return key

    def payload_of(self, callback_data: Text) -> Optional[Text]:
        """The payload behind a button, None if it was a long one this process forgot."""
        if callback_data.startswith(LONG_PAYLOAD_PREFIX):
            return self._long_payloads.get(callback_data)
        return callback_data

    async def close_session(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()


class EnvTelegramInput(TelegramInput):
    """Rasa's Telegram input with settings from the environment; off when none are set."""

    @classmethod
    def from_credentials(
        cls, credentials: Optional[Dict[Text, Any]], env: Optional[Mapping[str, str]] = None
    ) -> InputChannel:
        settings = settings_from_env(env)
        if settings is None:
            return cls(enabled=False)
        return cls(
            access_token=settings["TELEGRAM_BOT_TOKEN"],
            bot_name=settings["TELEGRAM_BOT_NAME"],
            webhook_url=settings["TELEGRAM_WEBHOOK_URL"],
            webhook_secret=settings["TELEGRAM_WEBHOOK_SECRET"],
            api_url=settings.get("TELEGRAM_API_URL"),
        )

    def __init__(
        self,
        access_token: Optional[Text] = None,
        bot_name: Optional[Text] = None,
        webhook_url: Optional[Text] = None,
        webhook_secret: Optional[Text] = None,
        api_url: Optional[Text] = None,
        enabled: bool = True,
    ) -> None:
        super().__init__(access_token, bot_name, webhook_url, debug_mode=False)
        self.enabled = enabled
        self.bot_name = bot_name or ""
        self.webhook_secret = (webhook_secret or "").encode("utf-8")
        self.api_url = api_url
        self.rate_limit = RateLimit.from_env()
        self.keys = ChannelKeys()
        self._output: Optional[EnvTelegramOutput] = None

    def __repr__(self) -> str:  # never let the token or secret reach a log line
        return f"EnvTelegramInput(enabled={self.enabled})"

    def get_output_channel(self) -> Optional[EnvTelegramOutput]:  # type: ignore[override]
        """The shared output channel; unlike Rasa's, it makes no network call."""
        if not self.enabled:
            return None
        if self._output is None:
            try:
                self._output = EnvTelegramOutput(self.access_token, self.api_url)
            except ValidationError:
                raise ChannelConfigError("TELEGRAM_BOT_TOKEN is not a valid bot token.") from None
        return self._output

    def _redact(self, text: Text) -> Text:
        return text.replace(self.access_token, "<token>") if self.access_token else text

    def _secret_ok(self, sent: Optional[Text]) -> bool:
        return bool(sent) and hmac.compare_digest(self.webhook_secret, sent.encode("utf-8", "replace"))

    def _user_text(self, text: Text) -> List[Text]:
        """What Rasa receives for a typed text: /start greets, @BotName is dropped."""
        command, _, rest = text.strip().partition(" ")
        if command.startswith("/") and "@" in command:
            command, _, addressee = command.partition("@")
            if addressee.lower() != self.bot_name.lower():
                return []  # a command for another bot in the same group
        if command == "/start":
            return [GREET]  # deep-link parameters are ignored
        if command == RESTART:
            return [RESTART, GREET]
        return [f"{command} {rest}".strip() if command.startswith("/") else text]

    def _addressed_to_bot(self, message: Any) -> bool:
        """A group message that mentions the bot, is one of its commands, or replies to it."""
        name = self.bot_name.lower()
        replied = getattr(getattr(message, "reply_to_message", None), "from_user", None)
        return bool(name) and (
            f"@{name}" in message.text.lower() or (replied is not None and (replied.username or "").lower() == name)
        )

    async def _invite_to_private_chat(self, message: Any, out_channel: EnvTelegramOutput, keys: Any) -> None:
        """A one-line note in the group (at most hourly per person) pointing to a private chat."""
        who = getattr(message.from_user, "id", None)
        if first_delivery(keys, GROUP_NOTE_EVERY_S, f"telegram-group-note:{message.chat.id}:{who}"):
            await out_channel.send_message(
                message.chat.id,
                PRIVATE_CHAT_NOTE.format(bot_name=self.bot_name),
                reply_to_message_id=message.message_id,
            )

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        if not self.enabled:
            return disabled_blueprint("telegram_webhook", "Telegram", REQUIRED)
        telegram_webhook = PolicyBlueprint("telegram_webhook", __name__)
        out_channel = self.get_output_channel()

        @telegram_webhook.listener("after_server_stop")
        async def close(*_: Any) -> None:
            await out_channel.close_session()

        @telegram_webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @telegram_webhook.route("/webhook", methods=["POST"])
        async def webhook(request: Request) -> HTTPResponse:
            if not self._secret_ok(request.headers.get(SECRET_HEADER)):
                logger.warning("Refused a Telegram update without the webhook secret.")
                return response.json({"error": "forbidden"}, status=403)
            try:
                update = Update(**json.loads(request.body))
            except (ValueError, TypeError):
                return response.json({"error": "unreadable update"}, status=400)
            keys, record = self.keys.for_app(request.app), f"telegram-update:{update.update_id}"
            if update.update_id is not None and not first_delivery(keys, UPDATE_CLAIM_TTL, record):
                if self._done(keys, record):
                    logger.info("Ignored a Telegram update already handled.")
                    return response.text("success")
                logger.info("A Telegram update arrived again while being handled; Telegram will resend it.")
                return response.json(
                    {"error": "in progress"}, status=503, headers={"Retry-After": str(IN_PROGRESS_RETRY_S)}
                )
            try:
                texts, chat_id = await self._read_update(update, out_channel, self.keys.for_app(request.app))
                limit = self.rate_limit.check(conversation_id(self.name(), str(chat_id))) if texts else None
                if limit is not None and not limit.allowed:
                    if limit.notify:
                        await out_channel.send_text_message(str(chat_id), SLOW_DOWN_REPLY)
                    texts = []
                for inbound in map(read_text, texts):  # the policy all channels share
                    if inbound.reply:  # empty or too long: answered here, never sent to the NLU
                        await out_channel.send_text_message(str(chat_id), inbound.reply)
                        continue
                    try:
                        async with GATE.slot():
                            await on_new_message(
                                UserMessage(
                                    inbound.text,
                                    out_channel,
                                    conversation_id(self.name(), str(chat_id)),
                                    input_channel=self.name(),
                                    metadata=self.get_metadata(request),
                                )
                            )
                    except Busy:
                        busy = busy_text(request.app)
                        if busy:
                            await out_channel.send_text_message(str(chat_id), busy)
            except TelegramAPIError as error:
                logger.error("Telegram refused a call: %s", self._redact(str(error)))
            except Exception:  # answer 200 anyway: a 5xx makes Telegram resend the update
                logger.exception("Handling a Telegram update failed.")
            if update.update_id is not None:
                self._mark_done(keys, record)
            return response.text("success")

        return telegram_webhook

    @staticmethod
    def _done(keys: Any, record: Text) -> bool:
        """Was the update handled? Unknown counts as not: a resend is better than a loss."""
        try:
            return bool(keys.contains(record + ":done"))
        except Exception as error:
            logger.warning("Could not read a delivery record (%s).", type(error).__name__)
            return False

    @staticmethod
    def _mark_done(keys: Any, record: Text) -> None:
        try:
            keys.add(record + ":done", UPDATE_SEEN_TTL)
        except Exception as error:
            logger.warning("Could not write a delivery record (%s).", type(error).__name__)

    async def _read_update(self, update: Update, out_channel: EnvTelegramOutput, keys: Any) -> tuple:
        """(texts for Rasa, chat id) of an update; no texts for anything else."""
        query = update.callback_query
        if query is not None:
            try:
                await out_channel.answer_callback_query(query.id)  # stops the button's spinner
            except TelegramAPIError as error:  # e.g. "query is too old": still deliver it
                logger.warning("answerCallbackQuery failed: %s", self._redact(str(error)))
            message = query.message
            payload = out_channel.payload_of(query.data or "")
            if message is None or message.chat.type != "private" or payload is None:
                return [], None
            return [payload], message.chat.id
        message = update.message  # edits (edited_message) are ignored: no double turns
        if message is None:
            return [], None
        if message.chat.type != "private":  # a group: never discuss health there
            if message.text and self._addressed_to_bot(message):
                await self._invite_to_private_chat(message, out_channel, keys)
            return [], None
        if not message.text:
            return [], None  # stickers, photos, locations...
        return self._user_text(message.text), message.chat.id
