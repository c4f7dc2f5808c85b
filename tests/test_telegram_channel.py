"""The Telegram channel: env configuration, offline start-up, webhook secret, /start,
inline keyboards, long replies, and the webhook registration script.

Rasa's own `register` serves the channel on 127.0.0.1 with a scripted agent; Bot API
calls go to a local fake (tests/fakes/telegram_api.py). Every wait is bounded.
"""

import asyncio
import json
import logging

import aiohttp
import pytest
import pytest_asyncio

from addons.channels.env import ChannelConfigError
from addons.channels.inbound import MAX_MESSAGE_CHARS, TOO_LONG_REPLY
from addons.channels.telegram import (
    CALLBACK_DATA_BYTES,
    MESSAGE_LIMIT,
    REQUIRED,
    EnvTelegramInput,
    EnvTelegramOutput,
)
from scripts import telegram_webhook
from addons.channels.shared_keys import ChannelKeys, LocalKeys
from tests.fakes.rasa_app import EMERGENCY, LONG_TEXT, ONSET_BUTTONS, serve
from tests.fakes.telegram_api import CHAT, FakeTelegramAPI, callback, message

pytestmark = pytest.mark.servers
TOKEN = "123456789:AAtest-token_abcdefghijklmnopqrstuv"
SECRET = "webhook-secret_0123456789abcdefghijklmnop"
HOOK_URL = "https://bot.example.org/webhooks/telegram/webhook"
CREDENTIALS = "addons.channels.telegram.EnvTelegramInput:\n"
QUIET = 0.3  # seconds: how long "nothing happens" is watched


def full_env(api_url=None):
    env = {
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_BOT_NAME": "TwitchHelpBot",
        "TELEGRAM_WEBHOOK_URL": HOOK_URL,
        "TELEGRAM_WEBHOOK_SECRET": SECRET,
    }
    if api_url:
        env["TELEGRAM_API_URL"] = api_url
    return env


@pytest.fixture(scope="module")
def fake_telegram():
    fake = FakeTelegramAPI(TOKEN).start()
    yield fake
    fake.stop()


@pytest.fixture(autouse=True)
def clean_env(monkeypatch):
    for name in (*REQUIRED, "TELEGRAM_API_URL"):
        monkeypatch.delenv(name, raising=False)


@pytest_asyncio.fixture
async def telegram(monkeypatch, fake_telegram, tmp_path):
    """(post, agent, fake): `post` sends an update to /webhooks/telegram/webhook."""
    fake_telegram.reset()
    for name, value in full_env(fake_telegram.url).items():
        monkeypatch.setenv(name, value)
    async with serve(CREDENTIALS, tmp_path) as (url, agent, _):
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=5)) as http:

            async def post(update, secret=SECRET):
                headers = {"X-Telegram-Bot-Api-Secret-Token": secret} if secret is not None else {}
                async with http.post(url + "/webhooks/telegram/webhook", json=update, headers=headers) as answer:
                    return answer.status

            yield post, agent, fake_telegram


# --- configuration --------------------------------------------------------------


def test_no_variables_means_channel_off():
    channel = EnvTelegramInput.from_credentials(None, env={})
    assert not channel.enabled and channel.name() == "telegram"
    assert channel.get_output_channel() is None


@pytest.mark.parametrize("missing", REQUIRED)
def test_half_configured_env_fails_naming_the_missing_variable(missing, caplog):
    caplog.set_level(logging.DEBUG)
    env = {name: value for name, value in full_env().items() if name != missing}
    with pytest.raises(ChannelConfigError, match=missing) as error:
        EnvTelegramInput.from_credentials(None, env=env)
    assert TOKEN not in str(error.value) and SECRET not in str(error.value)
    assert TOKEN not in caplog.text and SECRET not in caplog.text


@pytest.mark.parametrize(
    "name,value,complaint",
    [
        ("TELEGRAM_BOT_TOKEN", "not-a-token", "TELEGRAM_BOT_TOKEN"),
        ("TELEGRAM_WEBHOOK_SECRET", "has spaces!", "TELEGRAM_WEBHOOK_SECRET"),
        ("TELEGRAM_WEBHOOK_URL", "http://bot.example.org/webhooks/telegram/webhook", "https"),
    ],
)
def test_unusable_values_fail_at_start_without_showing_them(name, value, complaint):
    with pytest.raises(ChannelConfigError, match=complaint) as error:
        EnvTelegramInput.from_credentials(None, env={**full_env(), name: value})
    assert value not in str(error.value)


def test_building_the_blueprint_makes_no_network_call(fake_telegram, caplog):
    """Rasa's TelegramInput calls setWebhook here; this one must not call anything."""
    caplog.set_level(logging.DEBUG)
    fake_telegram.reset()
    channel = EnvTelegramInput.from_credentials(None, env=full_env(fake_telegram.url))

    async def handler(_):
        pass

    channel.blueprint(handler)
    assert isinstance(channel.get_output_channel(), EnvTelegramOutput)
    assert fake_telegram.calls == []
    assert "TELEGRAM_BOT_TOKEN" in caplog.text
    assert TOKEN not in caplog.text + repr(channel) and SECRET not in caplog.text + repr(channel)


@pytest.mark.asyncio
async def test_unconfigured_channel_only_answers_404_with_a_hint(tmp_path):
    async with serve(CREDENTIALS, tmp_path) as (url, agent, _):
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=5)) as http:
            for path in ("/webhooks/telegram/webhook", "/webhooks/telegram/set_webhook"):
                async with http.post(url + path, json=message("hi")) as answer:
                    assert answer.status == 404
                    assert (await answer.json())["error"] == "Telegram is not configured"
    assert agent.messages == []


# --- the webhook ----------------------------------------------------------------


@pytest.mark.asyncio
async def test_server_start_makes_no_telegram_call(telegram):
    _, agent, fake = telegram
    await asyncio.sleep(QUIET)
    assert fake.calls == []  # in particular no setWebhook, no getMe


@pytest.mark.asyncio
@pytest.mark.parametrize("secret", [None, "", "wrong-secret", SECRET[:-1]])
async def test_updates_without_the_webhook_secret_are_refused(telegram, secret):
    post, agent, fake = telegram
    assert await post(message("hello"), secret=secret) == 403
    await asyncio.sleep(QUIET)
    assert agent.messages == [] and fake.calls == []


@pytest.mark.asyncio
@pytest.mark.parametrize("command", ["/start", "/start@TwitchHelpBot", "/start deep-link-param"])
async def test_start_greets(telegram, command):
    post, agent, fake = telegram
    assert await post(message(command)) == 200
    (greeting,) = agent.messages
    assert greeting.text == "/greet" and greeting.sender_id == f"telegram:{CHAT}"
    (sent,) = fake.calls_to("sendMessage")
    assert sent["params"]["chat_id"] == str(CHAT) and sent["params"]["text"].startswith("Hi!")
    assert "parse_mode" not in sent["params"]


@pytest.mark.asyncio
async def test_commands_for_other_bots_and_group_chats_are_ignored(telegram):
    post, agent, fake = telegram
    assert await post(message("/start@SomeOtherBot")) == 200
    assert await post(message("my arm twitches", chat_type="group", chat=-100, update_id=2)) == 200
    assert await post({"update_id": 5, "edited_message": message("edit")["message"]}) == 200
    await asyncio.sleep(QUIET)
    assert agent.messages == [] and fake.calls == []


@pytest.mark.asyncio
async def test_buttons_are_an_inline_keyboard_and_a_press_sends_the_payload(telegram):
    post, agent, fake = telegram
    await post(message("buttons"))
    (sent,) = fake.calls_to("sendMessage")
    keyboard = sent["params"]["reply_markup"]["inline_keyboard"]
    keys = [key for row in keyboard for key in row]
    assert [key["callback_data"] for key in keys] == [b["payload"] for b in ONSET_BUTTONS]
    assert [key["text"] for key in keys] == [b["title"] for b in ONSET_BUTTONS]

    assert await post(callback(ONSET_BUTTONS[0]["payload"])) == 200
    (answered,) = fake.calls_to("answerCallbackQuery")
    assert answered["params"]["callback_query_id"] == "cbq-77"
    pressed = agent.messages[-1]
    assert pressed.text == ONSET_BUTTONS[0]["payload"] and pressed.sender_id == f"telegram:{CHAT}"
    assert len(fake.calls_to("sendMessage")) == 2  # the bot answered the press


@pytest.mark.asyncio
async def test_payloads_over_64_bytes_still_work(telegram):
    post, agent, fake = telegram
    long_payload = "When should I see a doctor about twitching that lasts for weeks on end?"
    assert len(long_payload.encode()) > CALLBACK_DATA_BYTES
    await post(message("hello"))
    channel_output = agent.messages[0].output_channel  # the one the webhook shares
    await channel_output.send_text_with_buttons(str(CHAT), "Pick one", [{"title": "Doctor?", "payload": long_payload}])
    sent = fake.calls_to("sendMessage")[-1]
    data = sent["params"]["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    assert len(data.encode()) <= CALLBACK_DATA_BYTES
    await post(callback(data))
    assert agent.messages[-1].text == long_payload


@pytest.mark.asyncio
async def test_long_text_is_split_on_lines_into_4096_chunks(telegram):
    post, agent, fake = telegram
    await post(message("long"))
    texts = [call["params"]["text"] for call in fake.calls_to("sendMessage")]
    assert len(texts) > 1 and all(len(text) <= MESSAGE_LIMIT for text in texts)
    assert "\n".join(texts) == LONG_TEXT


@pytest.mark.asyncio
async def test_long_text_with_buttons_puts_the_keyboard_on_the_last_chunk(telegram):
    post, agent, fake = telegram
    await post(message("long buttons"))
    calls = fake.calls_to("sendMessage")
    assert len(calls) > 1 and all(len(c["params"]["text"]) <= MESSAGE_LIMIT for c in calls)
    assert [("reply_markup" in c["params"]) for c in calls] == [False] * (len(calls) - 1) + [True]


@pytest.mark.asyncio
async def test_emergency_text_is_sent_as_is_in_plain_text(telegram):
    post, agent, fake = telegram
    await post(message("emergency"))
    (sent,) = fake.calls_to("sendMessage")
    assert sent["params"]["text"] == EMERGENCY and "parse_mode" not in sent["params"]
    assert "*" not in json.dumps(fake.calls)


@pytest.mark.asyncio
async def test_secrets_never_reach_the_logs(telegram, caplog):
    caplog.set_level(logging.DEBUG)
    post, agent, fake = telegram
    await post(message("/start"))
    await post(message("hello"), secret="forged")
    await post(callback("/affirm"))
    assert "Refused a Telegram update" in caplog.text
    assert TOKEN not in caplog.text and SECRET not in caplog.text


# --- the registration script ------------------------------------------------------


def run_script(capsys, env, *args):
    code = telegram_webhook.main(list(args), env=env)
    out = capsys.readouterr()
    return code, out.out + out.err


@pytest.mark.asyncio
async def test_webhook_is_registered_only_by_the_script(telegram, capsys):
    _, _, fake = telegram
    await asyncio.sleep(QUIET)
    assert fake.calls_to("setWebhook") == []
    # The script blocks (urllib); run it off the event loop.
    code, output = await asyncio.to_thread(run_script, capsys, full_env(fake.url))
    assert code == 0, output
    (call,) = fake.calls_to("setWebhook")
    assert call["params"]["url"] == HOOK_URL and call["params"]["secret_token"] == SECRET
    assert call["params"]["allowed_updates"] == ["message", "callback_query"]
    assert "webhook set" in output and HOOK_URL in output
    assert TOKEN not in output and SECRET not in output

    code, output = await asyncio.to_thread(run_script, capsys, full_env(fake.url), "--info")
    assert code == 0 and f"webhook url: {HOOK_URL}" in output
    code, output = await asyncio.to_thread(run_script, capsys, full_env(fake.url), "--delete")
    assert code == 0 and "webhook removed" in output


def test_script_reports_errors_without_the_token(fake_telegram, capsys):
    code, output = run_script(capsys, {**full_env(fake_telegram.url), "TELEGRAM_BOT_TOKEN": "1:wrong"})
    assert code == 1 and "Unauthorized" in output and "1:wrong" not in output
    # Nothing listens on port 9 of 127.0.0.1: unreachable API, still no token shown.
    code, output = run_script(capsys, full_env("http://127.0.0.1:9"))
    assert code == 1 and "could not reach" in output and TOKEN not in output
    code, output = run_script(capsys, {"TELEGRAM_BOT_TOKEN": TOKEN})
    assert code == 2 and "TELEGRAM_WEBHOOK_SECRET" in output and TOKEN not in output
    code, output = run_script(capsys, {})
    assert code == 2 and "not configured" in output


# --- the input policy all channels share (addons/channels/inbound.py) -------------


@pytest.mark.asyncio
async def test_typed_intents_are_read_as_text_and_long_messages_get_a_notice(telegram):
    post, agent, fake = telegram
    assert await post(message('/inform{"onset": "sudden", "x": 1}', update_id=31)) == 200
    assert await post(message("x" * (MAX_MESSAGE_CHARS + 1), update_id=32)) == 200
    sent = await fake.wait_for("sendMessage", 2)
    assert [m.text for m in agent.messages] == ['inform{"onset": "sudden", "x": 1}']
    assert sent[-1]["params"]["text"] == TOO_LONG_REPLY


@pytest.mark.asyncio
async def test_a_resent_update_is_answered_once(telegram):
    post, agent, fake = telegram
    update = message("hello", update_id=77)
    assert await post(update) == 200
    assert await post(update) == 200  # Telegram resends an update it thinks was not delivered
    assert await post(message("hello again", update_id=78)) == 200
    assert [m.text for m in agent.messages] == ["hello", "hello again"]
    assert len(fake.calls_to("sendMessage")) == 2


@pytest.mark.asyncio
async def test_a_resend_while_the_update_is_handled_elsewhere_waits_and_one_whose_claim_lapsed_is_handled(
    telegram, monkeypatch
):
    post, agent, fake = telegram
    keys = LocalKeys()
    monkeypatch.setattr(ChannelKeys, "for_app", lambda self, app: keys)  # what every server shares through Redis
    assert keys.add_if_new("telegram-update:90", 60)  # another server claimed it, then died
    assert await post(message("hello", update_id=90)) == 503  # Telegram resends it later
    assert agent.messages == []
    keys.discard("telegram-update:90")  # the claim lapsed (UPDATE_CLAIM_TTL)
    assert await post(message("hello", update_id=90)) == 200
    assert await post(message("hello", update_id=90)) == 200  # done: dropped
    assert [m.text for m in agent.messages] == ["hello"] and len(fake.calls_to("sendMessage")) == 1


def group_message(text, update_id, user=555, reply_to_bot=False):
    update = message(text, chat_type="supergroup", chat=-100123, update_id=update_id)
    update["message"]["from"]["id"] = user
    if reply_to_bot:
        update["message"]["reply_to_message"] = {
            "message_id": 1,
            "date": 1700000000,
            "chat": update["message"]["chat"],
            "from": {"id": 99, "is_bot": True, "first_name": "Bot", "username": "TwitchHelpBot"},
            "text": "earlier",
        }
    return update


@pytest.mark.asyncio
@pytest.mark.parametrize(
    "text,reply_to_bot",
    [("@TwitchHelpBot my calf twitches", False), ("/start@twitchhelpbot", False), ("my calf twitches", True)],
    ids=["mention", "its command", "a reply to it"],
)
async def test_in_a_group_the_bot_only_points_to_a_private_chat(telegram, text, reply_to_bot):
    post, agent, fake = telegram
    assert await post(group_message(text, 40, reply_to_bot=reply_to_bot)) == 200
    (note,) = await fake.wait_for("sendMessage")
    assert note["params"]["chat_id"] in (-100123, "-100123") and "t.me/TwitchHelpBot" in note["params"]["text"]
    assert "calf" not in note["params"]["text"] and agent.messages == []


@pytest.mark.asyncio
async def test_the_group_note_is_not_repeated_to_the_same_person(telegram):
    post, agent, fake = telegram
    for update_id in (50, 51, 52):
        assert await post(group_message("@TwitchHelpBot hello?", update_id)) == 200
    assert await post(group_message("@TwitchHelpBot hi", 53, user=777)) == 200
    await asyncio.sleep(QUIET)
    assert len(fake.calls_to("sendMessage")) == 2 and agent.messages == []


@pytest.mark.asyncio
async def test_group_chatter_not_addressed_to_the_bot_is_ignored(telegram):
    post, agent, fake = telegram
    assert await post(group_message("my calf twitches, anyone else?", 60)) == 200
    await asyncio.sleep(QUIET)
    assert agent.messages == [] and fake.calls == []
