"""Per-sender rate limits: the bucket itself, then each channel against a real server.

A flood from one sender gets one polite notice (REST: every refused request a 429 with
Retry-After) and never reaches the agent; other senders are not affected. The channels run
on 127.0.0.1 via Rasa's own loader (tests/fakes/rasa_app.py); every wait is bounded.
"""

import asyncio

import aiohttp
import pytest
import pytest_asyncio

from addons.channels.rate_limit import SLOW_DOWN_REPLY, RateLimit
from tests.fakes import slack_api
from tests.fakes.rasa_app import ALL_CHANNELS, serve
from tests.fakes.slack_api import FakeSlackAPI, event
from tests.fakes.socketio_client import Client
from tests.fakes.telegram_api import FakeTelegramAPI, message

BURST = 3
FLOOD = 8
QUIET = 0.3


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


# --- the bucket ------------------------------------------------------------------------


def test_a_burst_is_allowed_then_messages_wait_for_the_refill():
    clock = Clock()
    limit = RateLimit(burst=3, per_minute=30, clock=clock)  # one every 2 s after the burst
    assert [limit.check("a").allowed for _ in range(4)] == [True, True, True, False]
    refused = limit.check("a")
    assert not refused.allowed and refused.retry_after_s == pytest.approx(2.0) and refused.retry_after_header == "2"
    clock.now += 1.0
    assert not limit.check("a").allowed
    clock.now += 1.0
    assert limit.check("a").allowed and not limit.check("a").allowed
    clock.now += 600
    assert [limit.check("a").allowed for _ in range(4)] == [True, True, True, False]  # never more than the burst


def test_the_notice_is_sent_once_per_run_of_refused_messages():
    clock = Clock()
    limit = RateLimit(burst=1, per_minute=60, clock=clock)
    assert limit.check("a").allowed
    assert [limit.check("a").notify for _ in range(3)] == [True, False, False]
    clock.now += 1.0
    assert limit.check("a").allowed
    assert limit.check("a").notify  # a new run of refusals gets a new notice


def test_senders_are_independent_and_memory_is_bounded():
    limit = RateLimit(burst=1, per_minute=1, clock=Clock(), max_senders=100)
    assert limit.check("a").allowed and not limit.check("a").allowed
    assert limit.check("b").allowed
    for index in range(1000):
        limit.check(f"s{index}")
    assert len(limit._buckets) == 100


@pytest.mark.parametrize(
    "env,burst,per_minute,enabled",
    [
        ({}, 20, 30, True),
        ({"RATE_LIMIT_BURST": "5", "RATE_LIMIT_PER_MINUTE": "12"}, 5, 12, True),
        ({"RATE_LIMIT_PER_MINUTE": "0"}, 20, 0, False),
    ],
)
def test_settings_from_the_environment(env, burst, per_minute, enabled):
    limit = RateLimit.from_env(env)
    assert (limit.burst, limit.rate * 60, limit.enabled) == (burst, per_minute, enabled)
    assert limit.check("x").allowed


def test_the_notice_says_what_to_do_and_keeps_the_emergency_line():
    assert "wait a few seconds" in SLOW_DOWN_REPLY and "emergency number" in SLOW_DOWN_REPLY


# --- each channel ------------------------------------------------------------------------

SLACK_TOKEN, SLACK_SECRET = "xoxb-rate-0123456789", "slack-signing-secret-rate-0123456789"
TELEGRAM_TOKEN, TELEGRAM_SECRET = "123456789:AArate_abcdefghijklmnopqrstuvwx", "tg-rate-secret_0123456789abcdefghijkl"
CREDENTIALS = ALL_CHANNELS


@pytest.fixture(scope="module")
def fakes():
    slack, telegram = FakeSlackAPI(SLACK_TOKEN).start(), FakeTelegramAPI(TELEGRAM_TOKEN).start()
    yield slack, telegram
    slack.stop()
    telegram.stop()


@pytest_asyncio.fixture
async def bot(monkeypatch, fakes, tmp_path):
    slack, telegram = fakes
    slack.reset()
    telegram.reset()
    env = {
        "RATE_LIMIT_BURST": str(BURST),
        "RATE_LIMIT_PER_MINUTE": "1",
        "SLACK_BOT_TOKEN": SLACK_TOKEN,
        "SLACK_SIGNING_SECRET": SLACK_SECRET,
        "SLACK_API_URL": slack.api_url,
        "TELEGRAM_BOT_TOKEN": TELEGRAM_TOKEN,
        "TELEGRAM_BOT_NAME": "TwitchHelpBot",
        "TELEGRAM_WEBHOOK_URL": "https://bot.example.org/webhooks/telegram/webhook",
        "TELEGRAM_WEBHOOK_SECRET": TELEGRAM_SECRET,
        "TELEGRAM_API_URL": telegram.url,
    }
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("REST_CHANNEL_TOKEN", raising=False)
    async with serve(CREDENTIALS, tmp_path) as (url, agent, _):
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=5)) as http:
            yield url, agent, http, slack, telegram
    leftovers = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
    for task in leftovers:  # engine.io's ping tasks outlive the sockets
        task.cancel()
    await asyncio.wait_for(asyncio.gather(*leftovers, return_exceptions=True), 5)


async def rest(http, url, sender, text):
    async with http.post(url + "/webhooks/rest/webhook", json={"sender": sender, "message": text}) as answer:
        return answer.status, answer.headers.get("Retry-After"), await answer.json()


@pytest.mark.asyncio
async def test_rest_answers_a_flood_with_429_and_retry_after_and_other_senders_go_on(bot):
    url, agent, http, _, _ = bot
    answers = [await rest(http, url, "flooder", f"message {n}") for n in range(FLOOD)]
    assert [status for status, _, _ in answers] == [200] * BURST + [429] * (FLOOD - BURST)
    for _, retry_after, body in answers[BURST:]:
        assert int(retry_after) >= 1 and body == [{"recipient_id": "flooder", "text": SLOW_DOWN_REPLY}]
    assert (await rest(http, url, "someone-else", "hello"))[0] == 200
    assert [m.text for m in agent.messages] == [f"message {n}" for n in range(BURST)] + ["hello"]


@pytest.mark.asyncio
async def test_the_widget_gets_one_notice_for_a_flood(bot):
    url, agent, _, _, _ = bot
    client = await Client().connect(url)
    try:
        await client.session()
        for n in range(FLOOD):
            await client.say(f"message {n}")
        replies = [(await client.reply())["text"] for _ in range(BURST + 1)]
        await client.assert_silent()
    finally:
        await client.close()
    assert sorted(replies) == sorted([f"You said: message {n}" for n in range(BURST)] + [SLOW_DOWN_REPLY])
    assert len(agent.messages) == BURST


@pytest.mark.asyncio
async def test_slack_gets_one_notice_for_a_flood(bot):
    url, agent, http, slack, _ = bot
    for n in range(FLOOD):
        body = event(f"message {n}", ts=f"1700000001.{n:06d}")
        headers = {"Content-Type": "application/json", **slack_api.signed(body, secret=SLACK_SECRET)}
        async with http.post(url + "/webhooks/slack/webhook", data=body, headers=headers) as answer:
            assert answer.status == 200  # Slack always gets its quick 2xx
    await asyncio.sleep(QUIET)
    texts = [call["params"]["text"] for call in slack.calls_to("chat.postMessage")]
    assert len(agent.messages) == BURST and texts.count(SLOW_DOWN_REPLY) == 1 and len(texts) == BURST + 1


@pytest.mark.asyncio
async def test_telegram_gets_one_notice_for_a_flood(bot):
    url, agent, http, _, telegram = bot
    for n in range(FLOOD):
        async with http.post(
            url + "/webhooks/telegram/webhook",
            json=message(f"message {n}", update_id=100 + n),
            headers={"X-Telegram-Bot-Api-Secret-Token": TELEGRAM_SECRET},
        ) as answer:
            assert answer.status == 200
    texts = [call["params"]["text"] for call in telegram.calls_to("sendMessage")]
    assert len(agent.messages) == BURST and texts.count(SLOW_DOWN_REPLY) == 1 and len(texts) == BURST + 1


# --- per client --------------------------------------------------------------------------

CLIENT_BURST = 5


@pytest_asyncio.fixture
async def clients_bot(monkeypatch, tmp_path):
    """REST and the widget with a per-sender burst of BURST and a per-client one of CLIENT_BURST."""
    from addons.channels import rest

    for name, value in {
        "RATE_LIMIT_BURST": str(BURST),
        "RATE_LIMIT_PER_MINUTE": "1",
        "CLIENT_RATE_LIMIT_BURST": str(CLIENT_BURST),
        "CLIENT_RATE_LIMIT_PER_MINUTE": "1",
        "CLIENT_RATE_LIMIT_LOOPBACK": "on",
    }.items():  # the test clients are loopback addresses
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("REST_CHANNEL_TOKEN", raising=False)
    monkeypatch.setattr(rest, "CLIENT_REFUSAL_PAUSE_S", 0.2)
    credentials = CREDENTIALS.split("addons.channels.slack")[0]
    async with serve(credentials, tmp_path) as (url, agent, _):
        yield url, agent
    leftovers = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
    for task in leftovers:
        task.cancel()
    await asyncio.wait_for(asyncio.gather(*leftovers, return_exceptions=True), 5)


def client_session(source: str) -> aiohttp.ClientSession:
    """HTTP from the loopback address `source`: another client to the server."""
    return aiohttp.ClientSession(
        connector=aiohttp.TCPConnector(local_addr=(source, 0)), timeout=aiohttp.ClientTimeout(total=5)
    )


@pytest.mark.asyncio
async def test_one_rest_client_rotating_senders_is_limited_and_refused_after_a_pause(clients_bot):
    url, agent = clients_bot
    async with client_session("127.0.0.2") as http:
        answers = [await rest(http, url, f"rotating-{n}", "hello") for n in range(CLIENT_BURST)]
        started = asyncio.get_running_loop().time()
        refused = await rest(http, url, "rotating-new", "hello")
        paused = asyncio.get_running_loop().time() - started
    assert [status for status, _, _ in answers] == [200] * CLIENT_BURST
    assert refused[0] == 429 and int(refused[1]) >= 1 and paused >= 0.2
    assert refused[2] == [{"recipient_id": "rotating-new", "text": SLOW_DOWN_REPLY}]
    async with client_session("127.0.0.3") as http:  # another client is not affected
        assert (await rest(http, url, "someone-else", "hello"))[0] == 200
    assert len(agent.messages) == CLIENT_BURST + 1


@pytest.mark.asyncio
async def test_a_widget_connection_cannot_escape_its_limit_with_new_sessions_nor_a_client_with_new_connections(
    clients_bot,
):
    url, agent = clients_bot
    first, second = await Client().connect(url), await Client().connect(url)
    try:
        await first.session()
        for n in range(BURST):
            await first.say(f"first {n}")
        replies = [(await first.reply())["text"] for _ in range(BURST)]
        await first.session()  # a new session on the same connection
        await first.say("first, new session")
        assert (await first.reply())["text"] == SLOW_DOWN_REPLY  # the connection's limit
        await second.session()  # the same client (127.0.0.1): CLIENT_BURST - BURST - 1 = 1 left
        await second.say("second 0")
        await second.say("second 1")
        replies += [(await second.reply())["text"] for _ in range(2)]
        await second.assert_silent()
    finally:
        await first.close()
        await second.close()
    assert sorted(replies) == sorted(
        [f"You said: first {n}" for n in range(BURST)] + ["You said: second 0", SLOW_DOWN_REPLY]
    )
    assert len(agent.messages) == BURST + 1


def test_the_client_limit_leaves_this_machine_alone_unless_told():
    env = {"CLIENT_RATE_LIMIT_BURST": "1", "CLIENT_RATE_LIMIT_PER_MINUTE": "1"}
    default = RateLimit.for_clients_from_env(env)
    assert all(default.check("127.0.0.1").allowed for _ in range(5))  # the operator's own tools
    assert default.check("203.0.113.7").allowed and not default.check("203.0.113.7").allowed
    strict = RateLimit.for_clients_from_env({**env, "CLIENT_RATE_LIMIT_LOOPBACK": "on"})
    assert strict.check("127.0.0.2").allowed and not strict.check("127.0.0.2").allowed
