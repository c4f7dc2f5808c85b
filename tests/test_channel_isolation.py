"""No channel reaches another channel's conversations: ids are "<channel>:<id>".

All four channels are served together by Rasa's own loader and `register` on 127.0.0.1;
the scripted agent keys conversations by sender id as Rasa's tracker store does, and
answers "recall" with what that conversation said before. A REST client naming a widget
session id, a Slack user id or a Telegram chat id (bare or with the other channel's
prefix) gets an empty conversation of its own. Every wait is bounded.
"""

import asyncio
import functools

import aiohttp
import pytest
import pytest_asyncio

from addons.channels.conversations import conversation_id, local_id
from tests.fakes import slack_api
from tests.fakes.rasa_app import ALL_CHANNELS, RECALL, serve
from tests.fakes.slack_api import FakeSlackAPI, event
from tests.fakes.socketio_client import Client
from tests.fakes.telegram_api import CHAT, FakeTelegramAPI, message

SLACK_TOKEN, SLACK_SECRET = "xoxb-isolation-0123456789", "slack-signing-secret-0123456789"
TELEGRAM_TOKEN, TELEGRAM_SECRET = "123456789:AAisolation_abcdefghijklmnopqrstu", "tg-secret_0123456789abcdefghijklmnop"
SLACK_USER = "U024BE7LH"
CREDENTIALS = ALL_CHANNELS
signed = functools.partial(slack_api.signed, secret=SLACK_SECRET)


@pytest.fixture(scope="module")
def fakes():
    slack, telegram = FakeSlackAPI(SLACK_TOKEN).start(), FakeTelegramAPI(TELEGRAM_TOKEN).start()
    yield slack, telegram
    slack.stop()
    telegram.stop()


@pytest_asyncio.fixture
async def bot(monkeypatch, fakes, tmp_path):
    slack, telegram = fakes
    env = {
        "SLACK_BOT_TOKEN": SLACK_TOKEN,
        "SLACK_SIGNING_SECRET": SLACK_SECRET,
        "SLACK_API_URL": slack.api_url,
        "TELEGRAM_BOT_TOKEN": TELEGRAM_TOKEN,
        "TELEGRAM_BOT_NAME": "TwitchHelpBot",
        "TELEGRAM_WEBHOOK_URL": "https://bot.example.org/webhooks/telegram/webhook",
        "TELEGRAM_WEBHOOK_SECRET": TELEGRAM_SECRET,
        "TELEGRAM_API_URL": telegram.url,
        "SOCKETIO_SESSION_SECRET": "isolation-secret-0123456789-abcdefghijkl",
    }
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("REST_CHANNEL_TOKEN", raising=False)
    async with serve(CREDENTIALS, tmp_path) as (url, agent, _):
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=5)) as http:
            yield url, agent, http
    # engine.io leaves ping tasks sleeping after a socket closes; end them with the test.
    leftovers = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
    for task in leftovers:
        task.cancel()
    await asyncio.wait_for(asyncio.gather(*leftovers, return_exceptions=True), 5)


async def rest(http, url, sender, text):
    async with http.post(url + "/webhooks/rest/webhook", json={"sender": sender, "message": text}) as answer:
        assert answer.status == 200
        return await answer.json()


@pytest.mark.asyncio
async def test_rest_reaches_no_widget_slack_or_telegram_conversation(bot):
    url, agent, http = bot
    widget = await Client().connect(url)
    try:
        session = (await widget.session())["session_id"]
        await widget.say("widget secret zq1")
        await widget.reply()
    finally:
        await widget.close()
    body = event("slack secret zq2", user=SLACK_USER)
    async with http.post(
        url + "/webhooks/slack/webhook", data=body, headers={"Content-Type": "application/json", **signed(body)}
    ) as answer:
        assert answer.status == 200
    async with http.post(
        url + "/webhooks/telegram/webhook",
        json=message("telegram secret zq3"),
        headers={"X-Telegram-Bot-Api-Secret-Token": TELEGRAM_SECRET},
    ) as answer:
        assert answer.status == 200
    await agent.wait_for_messages(3)
    others = {m.sender_id: m.text for m in agent.messages}
    assert set(others) == {f"socketio:{session}", f"slack:{SLACK_USER}", f"telegram:{CHAT}"}

    for target in list(others) + [session, SLACK_USER, str(CHAT)]:
        replies = await rest(http, url, target, "my symptoms")
        replies += await rest(http, url, target, RECALL)
        assert [r["recipient_id"] for r in replies] == [target, target]  # the client's own id
        assert replies[1]["text"] == "Before: my symptoms"  # its own conversation only
        assert "zq" not in " ".join(r["text"] for r in replies)
    rest_ids = {m.sender_id for m in agent.messages if m.input_channel == "rest"}
    assert rest_ids and all(sender.startswith("rest:") for sender in rest_ids)
    assert not rest_ids & set(others)


@pytest.mark.parametrize(
    "channel,local", [("rest", "me"), ("socketio", "a:b"), ("slack", "U1_C1_1.2"), ("telegram", "-100")]
)
def test_conversation_ids_round_trip_and_never_collide(channel, local):
    conversation = conversation_id(channel, local)
    assert local_id(channel, conversation) == local
    others = {"rest", "socketio", "slack", "telegram"} - {channel}
    # Whatever id another channel is given, its conversation id never equals this one.
    assert all(conversation_id(other, conversation) != conversation for other in others)
    assert all(conversation_id(other, local) != conversation for other in others)
