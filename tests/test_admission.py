"""The bounded queue in front of the NLU: the gate itself, then each channel's busy reply.

Beyond the messages being handled and those waiting (bounded in number and time), a
message is not read: REST answers 503 with Retry-After and the domain's utter_busy, the
widget, Slack and Telegram get it as a chat message. The channels run on 127.0.0.1 via
Rasa's own loader (tests/fakes/rasa_app.py); every wait is bounded.
"""

import asyncio
from types import SimpleNamespace

import aiohttp
import pytest
import pytest_asyncio
import yaml

from addons.channels import admission
from addons.channels.admission import BUSY_RESPONSE, GATE, Admission, Busy, busy_text
from tests.conftest import ROOT
from tests.fakes import slack_api
from tests.fakes.rasa_app import ALL_CHANNELS, serve
from tests.fakes.slack_api import FakeSlackAPI, event
from tests.fakes.socketio_client import Client
from tests.fakes.telegram_api import FakeTelegramAPI, message

BUSY = yaml.safe_load((ROOT / "domain.yml").read_text())["responses"][BUSY_RESPONSE][0]["text"]
WAIT = 5


# --- the gate ----------------------------------------------------------------------------


async def hold(gate: Admission, release: asyncio.Event, log: list, name: str) -> None:
    try:
        async with gate.slot():
            log.append(name)
            await release.wait()
    except Busy:
        log.append(f"busy {name}")


@pytest.mark.asyncio
async def test_beyond_the_places_and_the_queue_a_message_is_busy_at_once():
    gate, release, log = Admission(max_in_flight=2, max_waiting=1, max_wait_s=WAIT), asyncio.Event(), []
    tasks = [asyncio.create_task(hold(gate, release, log, n)) for n in "abcd"]
    await asyncio.sleep(0.05)
    assert log == ["a", "b", "busy d"] and gate.in_flight == 2 and gate.waiting == 1
    release.set()
    await asyncio.wait_for(asyncio.gather(*tasks), WAIT)
    assert log == ["a", "b", "busy d", "c"] and gate.in_flight == 0 and gate.waiting == 0 and gate.shed == 1


@pytest.mark.asyncio
async def test_waiters_go_in_order_and_one_that_waited_too_long_is_busy():
    gate, release, log = Admission(max_in_flight=1, max_waiting=5, max_wait_s=0.2), asyncio.Event(), []
    first = asyncio.create_task(hold(gate, release, log, "a"))
    await asyncio.sleep(0.01)
    late = asyncio.create_task(hold(gate, asyncio.Event(), log, "b"))
    await asyncio.wait_for(late, WAIT)  # waited 0.2 s behind "a"
    assert log == ["a", "busy b"]
    others = [asyncio.create_task(hold(gate, release, log, n)) for n in "cde"]
    await asyncio.sleep(0.01)
    release.set()
    await asyncio.wait_for(asyncio.gather(first, *others), WAIT)
    assert log == ["a", "busy b", "c", "d", "e"] and gate.in_flight == 0


@pytest.mark.asyncio
async def test_a_request_that_goes_away_while_waiting_leaks_no_place():
    gate, release, log = Admission(max_in_flight=1, max_waiting=5, max_wait_s=WAIT), asyncio.Event(), []
    first = asyncio.create_task(hold(gate, release, log, "a"))
    await asyncio.sleep(0.01)
    gone = asyncio.create_task(hold(gate, release, log, "b"))
    await asyncio.sleep(0.01)
    gone.cancel()
    release.set()
    await asyncio.wait_for(first, WAIT)
    await asyncio.gather(gone, return_exceptions=True)
    assert gate.in_flight == 0 and gate.waiting == 0
    await asyncio.wait_for(hold(gate, release, log, "c"), WAIT)
    assert log == ["a", "c"]


@pytest.mark.asyncio
async def test_an_error_in_the_block_frees_its_place_and_zero_turns_the_gate_off():
    gate = Admission(max_in_flight=1, max_waiting=0)
    with pytest.raises(ValueError):
        async with gate.slot():
            raise ValueError("boom")
    assert gate.in_flight == 0
    off = Admission.from_env({"ADMISSION_MAX_IN_FLIGHT": "0"})
    async with off.slot(), off.slot():
        assert not off.enabled


def test_settings_and_retry_after():
    gate = Admission.from_env(
        {"ADMISSION_MAX_IN_FLIGHT": "3", "ADMISSION_MAX_WAITING": "7", "ADMISSION_MAX_WAIT_S": "1.5"}
    )
    assert (gate.max_in_flight, gate.max_waiting, gate.max_wait_s) == (3, 7, 1.5)
    assert Busy(0.2).retry_after_header == "1" and Busy(4.1).retry_after_header == "5"


def test_the_busy_text_is_the_domains_and_keeps_the_emergency_line(rasa_domain):
    assert busy_text(SimpleNamespace(ctx=SimpleNamespace(agent=SimpleNamespace(domain=rasa_domain)))) == BUSY
    assert "try again in a moment" in BUSY and "emergency number" in BUSY
    assert busy_text(SimpleNamespace(ctx=SimpleNamespace(agent=None))) is None


# --- each channel ------------------------------------------------------------------------

SLACK_TOKEN, SLACK_SECRET = "xoxb-busy-0123456789", "slack-signing-secret-busy-0123456789"
TELEGRAM_TOKEN, TELEGRAM_SECRET = "123456789:AAbusy_abcdefghijklmnopqrstuvwxy", "tg-busy-secret_0123456789abcdefghijkl"
CREDENTIALS = ALL_CHANNELS


@pytest.fixture(scope="module")
def fakes():
    slack, telegram = FakeSlackAPI(SLACK_TOKEN).start(), FakeTelegramAPI(TELEGRAM_TOKEN).start()
    yield slack, telegram
    slack.stop()
    telegram.stop()


@pytest_asyncio.fixture
async def bot(monkeypatch, fakes, tmp_path):
    """A server whose gate has one place and no queue, and whose agent holds "hold" until released."""
    slack, telegram = fakes
    slack.reset()
    telegram.reset()
    env = {
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
    monkeypatch.setattr(GATE, "max_in_flight", 1)
    monkeypatch.setattr(GATE, "max_waiting", 0)
    assert GATE is admission.GATE and GATE.in_flight == 0
    release = asyncio.Event()
    async with serve(CREDENTIALS, tmp_path) as (url, agent, _):
        agent.domain = SimpleNamespace(responses={BUSY_RESPONSE: [{"text": BUSY}]})
        answer = agent.handle_message

        async def handle_message(user_message):
            if user_message.text == "hold":
                agent.messages.append(user_message)
                await release.wait()
                return
            await answer(user_message)

        agent.handle_message = handle_message
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=WAIT)) as http:

            async def held() -> int:
                async with http.post(url + "/webhooks/rest/webhook", json={"sender": "a", "message": "hold"}) as answer:
                    return answer.status

            holder = asyncio.create_task(held())
            await agent.wait_for_messages(1)
            yield url, agent, http, slack, telegram
            release.set()
            assert await holder == 200
    leftovers = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
    for task in leftovers:  # engine.io's ping tasks outlive the sockets
        task.cancel()
    await asyncio.wait_for(asyncio.gather(*leftovers, return_exceptions=True), WAIT)
    assert GATE.in_flight == 0


@pytest.mark.asyncio
async def test_rest_answers_503_with_retry_after_and_the_busy_reply(bot):
    url, agent, http, _, _ = bot
    async with http.post(url + "/webhooks/rest/webhook", json={"sender": "b", "message": "hello"}) as answer:
        assert answer.status == 503 and int(answer.headers["Retry-After"]) >= 1
        assert await answer.json() == [{"recipient_id": "b", "text": BUSY}]
    async with http.post(
        url + "/webhooks/rest/webhook?stream=true", json={"sender": "c", "message": "hello"}
    ) as answer:
        assert answer.status == 200 and (await answer.text()).strip() == f'{{"recipient_id": "c", "text": "{BUSY}"}}'
    assert [m.text for m in agent.messages] == ["hold"]


@pytest.mark.asyncio
async def test_the_widget_gets_the_busy_reply_as_a_message(bot):
    url, agent, _, _, _ = bot
    client = await Client().connect(url)
    try:
        await client.session()
        await client.say("hello")
        assert (await client.reply())["text"] == BUSY
    finally:
        await client.close()
    assert [m.text for m in agent.messages] == ["hold"]


@pytest.mark.asyncio
async def test_slack_gets_the_busy_reply_as_a_message(bot):
    url, agent, http, slack, _ = bot
    body = event("hello", ts="1700000001.000001")
    headers = {"Content-Type": "application/json", **slack_api.signed(body, secret=SLACK_SECRET)}
    async with http.post(url + "/webhooks/slack/webhook", data=body, headers=headers) as answer:
        assert answer.status == 200
    for _ in range(100):
        if slack.calls_to("chat.postMessage"):
            break
        await asyncio.sleep(0.05)
    assert [c["params"]["text"] for c in slack.calls_to("chat.postMessage")] == [BUSY]
    assert [m.text for m in agent.messages] == ["hold"]


@pytest.mark.asyncio
async def test_telegram_gets_the_busy_reply_as_a_message(bot):
    url, agent, http, _, telegram = bot
    async with http.post(
        url + "/webhooks/telegram/webhook",
        json=message("hello", update_id=7),
        headers={"X-Telegram-Bot-Api-Secret-Token": TELEGRAM_SECRET},
    ) as answer:
        assert answer.status == 200
    assert [c["params"]["text"] for c in telegram.calls_to("sendMessage")] == [BUSY]
    assert [m.text for m in agent.messages] == ["hold"]
