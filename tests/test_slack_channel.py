"""The Slack channel: env configuration, signed requests only, retries, buttons, threads.

Rasa's own loader and `register` serve the channel on 127.0.0.1 with a scripted agent;
the bot's Web API calls go to a local fake (tests/fakes/slack_api.py). Every wait is
bounded.
"""

import asyncio
import functools
import json
import logging
import time

import aiohttp
import pytest
import pytest_asyncio

from addons.channels.env import ChannelConfigError
from addons.channels.inbound import MAX_MESSAGE_CHARS, TOO_LONG_REPLY
from addons.channels.shared_keys import LocalKeys, first_delivery
from addons.channels.slack import ASK_FOR_DM_NOTE, MOVED_TO_DM_NOTE, SEEN_TTL, EnvSlackInput, conversation_id
from tests.fakes.rasa_app import EMERGENCY, LONG_TEXT, ONSET_BUTTONS, serve
from tests.fakes import slack_api
from tests.fakes.slack_api import FakeSlackAPI, click, event

pytestmark = pytest.mark.servers
TOKEN = "xoxb-test-token-0123456789"
SECRET = "signing-secret-abcdef0123456789"
CREDENTIALS = "addons.channels.slack.EnvSlackInput:\n"
QUIET = 0.3  # seconds: how long "nothing happens" is watched
ALL_VARS = ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_API_URL")
signed = functools.partial(slack_api.signed, secret=SECRET)


@pytest.fixture(scope="module")
def fake_slack():
    fake = FakeSlackAPI(TOKEN).start()
    yield fake
    fake.stop()


@pytest.fixture(autouse=True)
def clean_env(monkeypatch):
    for name in ALL_VARS:
        monkeypatch.delenv(name, raising=False)


@pytest_asyncio.fixture
async def slack(monkeypatch, fake_slack, tmp_path):
    """(post, agent, fake): `post` sends a request to /webhooks/slack/webhook."""
    fake_slack.reset()
    monkeypatch.setenv("SLACK_BOT_TOKEN", TOKEN)
    monkeypatch.setenv("SLACK_SIGNING_SECRET", SECRET)
    monkeypatch.setenv("SLACK_API_URL", fake_slack.api_url)
    async with serve(CREDENTIALS, tmp_path) as (url, agent, _):
        timeout = aiohttp.ClientTimeout(total=5)
        async with aiohttp.ClientSession(timeout=timeout) as http:

            async def post(body: bytes, content_type: str, headers=None):
                headers = {"Content-Type": content_type, **(headers or {})}
                async with http.post(url + "/webhooks/slack/webhook", data=body, headers=headers) as answer:
                    return answer.status, await answer.text()

            yield post, agent, fake_slack


async def post_json(post, body, **headers):
    return await post(body, "application/json", {**signed(body), **headers})


async def assert_nothing_happens(agent, fake):
    await asyncio.sleep(QUIET)
    assert agent.messages == [] and fake.calls == []


# --- configuration --------------------------------------------------------------


def test_no_variables_means_channel_off():
    channel = EnvSlackInput.from_credentials(None, env={})
    assert not channel.enabled and channel.name() == "slack"
    assert channel.get_output_channel() is None


@pytest.mark.parametrize(
    "env,missing",
    [({"SLACK_BOT_TOKEN": TOKEN}, "SLACK_SIGNING_SECRET"), ({"SLACK_SIGNING_SECRET": SECRET}, "SLACK_BOT_TOKEN")],
)
def test_half_configured_env_fails_naming_the_missing_variable(env, missing, caplog):
    caplog.set_level(logging.DEBUG)
    with pytest.raises(ChannelConfigError, match=missing) as error:
        EnvSlackInput.from_credentials(None, env=env)
    assert TOKEN not in str(error.value) and SECRET not in str(error.value)
    assert TOKEN not in caplog.text and SECRET not in caplog.text


def test_blank_values_count_as_unset():
    assert not EnvSlackInput.from_credentials(None, env={"SLACK_BOT_TOKEN": " ", "SLACK_SIGNING_SECRET": ""}).enabled


def test_configured_channel_logs_names_not_values(caplog):
    caplog.set_level(logging.DEBUG)
    channel = EnvSlackInput.from_credentials(None, env={"SLACK_BOT_TOKEN": TOKEN, "SLACK_SIGNING_SECRET": SECRET})
    assert channel.enabled and "SLACK_BOT_TOKEN" in caplog.text
    assert TOKEN not in caplog.text + repr(channel) and SECRET not in caplog.text + repr(channel)


@pytest.mark.asyncio
async def test_unconfigured_channel_only_answers_404_with_a_hint(tmp_path):
    async with serve(CREDENTIALS, tmp_path) as (url, agent, _):
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=5)) as http:
            for path in ("/webhooks/slack/webhook", "/webhooks/slack/", "/webhooks/slack/anything"):
                async with http.post(url + path, data=event("hi")) as answer:
                    assert answer.status == 404
                    assert (await answer.json())["error"] == "Slack is not configured"
    assert agent.messages == []


def test_a_delivery_is_first_only_once_and_the_record_is_bounded():
    keys = LocalKeys(max_keys=3)
    assert first_delivery(keys, SEEN_TTL, "a") and not first_delivery(keys, SEEN_TTL, "a")
    assert not first_delivery(keys, SEEN_TTL, "b", "a")  # one of its names was handled
    for key in "cde":
        first_delivery(keys, SEEN_TTL, key)
    assert first_delivery(keys, SEEN_TTL, "a")  # evicted as the oldest
    clock = [0.0]
    expiring = LocalKeys(clock=lambda: clock[0])
    first_delivery(expiring, SEEN_TTL, "x")
    clock[0] += SEEN_TTL + 1
    assert first_delivery(expiring, SEEN_TTL, "x")


def test_an_unreachable_record_never_drops_a_message():
    class Broken:
        def add_if_new(self, *_):
            raise ConnectionError("redis down")

    assert first_delivery(Broken(), SEEN_TTL, "a")


def test_conversation_ids():
    assert conversation_id("U1", "D1", None) == "slack:U1"
    assert conversation_id("U1", "C1", None) == "slack:U1_C1"
    assert conversation_id("U1", "C1", "171.1") == "slack:U1_C1_171.1"


# --- signatures -------------------------------------------------------------------


@pytest.mark.asyncio
@pytest.mark.parametrize(
    "headers",
    [
        {},  # unsigned
        {"X-Slack-Request-Timestamp": str(int(time.time()))},  # timestamp only
        "bad-secret",
        "stale",
        "future",
        "tampered",
        {"X-Slack-Request-Timestamp": "yesterday", "X-Slack-Signature": "v0=00"},
    ],
)
async def test_unsigned_forged_or_stale_requests_are_refused_before_processing(slack, headers):
    post, agent, fake = slack
    body = event("hello")
    if headers == "bad-secret":
        headers = signed(body, secret="not-the-secret")
    elif headers == "stale":
        headers = signed(body, timestamp=int(time.time()) - 301)
    elif headers == "future":
        headers = signed(body, timestamp=int(time.time()) + 301)
    elif headers == "tampered":
        headers = signed(event("something else"))
    status, _ = await post(body, "application/json", headers)
    assert status == 401
    await assert_nothing_happens(agent, fake)


@pytest.mark.asyncio
async def test_url_verification_needs_a_signature_too(slack):
    post, _, _ = slack
    body = json.dumps({"type": "url_verification", "challenge": "c-123", "token": "x"}).encode()
    assert (await post(body, "application/json"))[0] == 401
    status, text = await post_json(post, body)
    assert status == 200 and json.loads(text) == {"challenge": "c-123"}


@pytest.mark.asyncio
async def test_unsigned_button_click_is_refused(slack):
    post, agent, fake = slack
    status, _ = await post(click("/affirm"), "application/x-www-form-urlencoded")
    assert status == 401
    await assert_nothing_happens(agent, fake)


# --- messages ---------------------------------------------------------------------


@pytest.mark.asyncio
async def test_direct_message_reaches_the_bot_and_the_reply_is_plain_text(slack):
    post, agent, fake = slack
    status, _ = await post_json(post, event("hello <@UBOT>"))
    assert status == 200
    (message,) = await agent.wait_for_messages(1)
    assert message.text == "hello" and message.sender_id == "slack:U1"
    (call,) = await fake.wait_for("chat.postMessage")
    params = call["params"]
    assert params["channel"] == "D1" and "thread_ts" not in params and "as_user" not in params
    assert params["blocks"][0]["text"] == {"type": "plain_text", "text": "You said: hello", "emoji": True}


@pytest.mark.asyncio
async def test_emergency_text_is_one_message_without_markup(slack):
    post, agent, fake = slack
    await post_json(post, event("emergency"))
    (call,) = await fake.wait_for("chat.postMessage")
    (block,) = call["params"]["blocks"]
    assert block["text"]["type"] == "plain_text" and block["text"]["text"] == EMERGENCY
    assert "*" not in json.dumps(call["params"])


@pytest.mark.asyncio
async def test_long_text_is_split_into_section_blocks_on_lines(slack):
    post, agent, fake = slack
    await post_json(post, event("long"))
    (call,) = await fake.wait_for("chat.postMessage")
    texts = [block["text"]["text"] for block in call["params"]["blocks"]]
    assert len(texts) > 1 and all(len(text) <= 3000 for text in texts)
    assert "\n".join(texts) == LONG_TEXT


@pytest.mark.asyncio
async def test_retries_and_duplicate_events_get_no_second_reply(slack):
    post, agent, fake = slack
    body = event("hello")
    assert (await post_json(post, body))[0] == 200
    await fake.wait_for("chat.postMessage")
    status, _ = await post_json(post, body, **{"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"})
    assert status == 200
    assert (await post_json(post, body))[0] == 200  # same event_id, no retry header
    # The same DM also delivered as an app_mention event (other event_id, same ts).
    assert (await post_json(post, event("hello", kind="app_mention")))[0] == 200
    await asyncio.sleep(QUIET)
    assert len(agent.messages) == 1 and len(fake.calls_to("chat.postMessage")) == 1


@pytest.mark.asyncio
async def test_a_retry_whose_first_delivery_never_arrived_is_answered_once(slack):
    post, agent, fake = slack
    body = event("hello after a timeout", ts="1700000009.000900")
    retry = {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_error"}
    assert (await post_json(post, body, **retry))[0] == 200
    await fake.wait_for("chat.postMessage")
    assert (await post_json(post, body, **{**retry, "X-Slack-Retry-Num": "2"}))[0] == 200
    await asyncio.sleep(QUIET)
    assert [m.text for m in agent.messages] == ["hello after a timeout"]
    assert len(fake.calls_to("chat.postMessage")) == 1


@pytest.mark.asyncio
async def test_bot_posts_edits_and_plain_channel_messages_are_ignored(slack):
    post, agent, fake = slack
    for body in (
        event("from the bot", bot_id="B1", ts="1.1"),
        event("edited", subtype="message_changed", ts="1.2"),
        event("chatter in a channel", channel="C1", channel_type="channel", ts="1.3"),
    ):
        assert (await post_json(post, body))[0] == 200
    await assert_nothing_happens(agent, fake)


@pytest.mark.asyncio
async def test_buttons_are_block_kit_actions_and_a_click_sends_the_payload(slack):
    post, agent, fake = slack
    await post_json(post, event("buttons"))
    (call,) = await fake.wait_for("chat.postMessage")
    section, actions = call["params"]["blocks"]
    assert section["text"]["type"] == "plain_text"
    assert actions["type"] == "actions"
    assert [element["value"] for element in actions["elements"]] == [b["payload"] for b in ONSET_BUTTONS]
    assert [element["text"]["text"] for element in actions["elements"]] == [b["title"] for b in ONSET_BUTTONS]
    assert len({element["action_id"] for element in actions["elements"]}) == len(ONSET_BUTTONS)

    payload = ONSET_BUTTONS[0]["payload"]
    body = click(payload)
    status, _ = await post(body, "application/x-www-form-urlencoded", signed(body))
    assert status == 200
    messages = await agent.wait_for_messages(2)
    assert messages[1].text == payload and messages[1].sender_id == "slack:U1"
    reply = (await fake.wait_for("chat.postMessage", 2))[1]["params"]
    assert reply["channel"] == "D1" and "thread_ts" not in reply


@pytest.mark.asyncio
async def test_long_text_with_buttons_keeps_the_buttons_last(slack):
    post, agent, fake = slack
    await post_json(post, event("long buttons"))
    (call,) = await fake.wait_for("chat.postMessage")
    blocks = call["params"]["blocks"]
    assert blocks[-1]["type"] == "actions" and all(b["type"] == "section" for b in blocks[:-1])
    assert all(len(b["text"]["text"]) <= 3000 for b in blocks[:-1])


@pytest.mark.asyncio
async def test_a_thread_in_a_dm_is_its_own_conversation_and_replies_stay_in_it(slack):
    post, agent, fake = slack
    thread = "1700000000.000001"
    await post_json(post, event("hello", ts="1700000003.1", thread_ts=thread))
    await post_json(post, event("hello", ts="1700000004.1"))  # same user, top-level DM
    in_thread, top_level = await agent.wait_for_messages(2)
    assert in_thread.sender_id == f"slack:U1_D1_{thread}" and top_level.sender_id == "slack:U1"
    calls = await fake.wait_for("chat.postMessage", 2)
    assert calls[0]["params"]["thread_ts"] == thread and "thread_ts" not in calls[1]["params"]

    body = click("/affirm", thread_ts=thread)  # a button in that thread
    await post(body, "application/x-www-form-urlencoded", signed(body))
    messages = await agent.wait_for_messages(3)
    assert messages[2].sender_id == f"slack:U1_D1_{thread}"
    calls = await fake.wait_for("chat.postMessage", 3)
    assert calls[2]["params"]["thread_ts"] == thread


def public_posts(fake):
    return [c["params"] for c in fake.calls_to("chat.postMessage") if not c["params"]["channel"].startswith("D")]


@pytest.mark.asyncio
@pytest.mark.parametrize("channel", ["C1", "G1"], ids=["public channel", "private channel"])
@pytest.mark.parametrize("thread", [None, "1700000000.000001"], ids=["top level", "in a thread"])
async def test_a_mention_outside_a_dm_is_answered_in_a_dm_with_only_a_note_in_the_channel(slack, channel, thread):
    post, agent, fake = slack
    await post_json(
        post,
        event(
            "<@UBOT> emergency",
            user="U7",
            channel=channel,
            kind="app_mention",
            ts="1700000005.5",
            **({"thread_ts": thread} if thread else {}),
        ),
    )
    (message,) = await agent.wait_for_messages(1)
    assert message.sender_id == "slack:U7" and message.text == "emergency"  # the DM's conversation
    await fake.wait_for("chat.postMessage", 2)
    (note,) = public_posts(fake)
    assert note["channel"] == channel and note["text"] == MOVED_TO_DM_NOTE
    assert note["thread_ts"] == (thread or "1700000005.5")  # under their message, not in the channel
    (reply,) = [c["params"] for c in fake.calls_to("chat.postMessage") if c["params"]["channel"] == "DU7"]
    assert reply["text"].startswith("EMERGENCY:") and "thread_ts" not in reply
    assert fake.calls_to("conversations.open")[0]["params"]["users"] == "U7"


@pytest.mark.asyncio
async def test_a_button_clicked_in_a_channel_is_answered_in_the_dm(slack):
    post, agent, fake = slack
    body = click("/affirm", user="U8", channel="C1")
    await post(body, "application/x-www-form-urlencoded", signed(body))
    (message,) = await agent.wait_for_messages(1)
    assert message.sender_id == "slack:U8"
    await fake.wait_for("chat.postMessage", 2)
    assert [p["text"] for p in public_posts(fake)] == [MOVED_TO_DM_NOTE]


@pytest.mark.asyncio
async def test_without_a_dm_the_note_asks_for_one_and_nothing_is_discussed(slack):
    post, agent, fake = slack
    fake.refuse_dms = True
    try:
        await post_json(post, event("<@UBOT> my calf twitches", channel="C1", kind="app_mention", ts="1700000006.6"))
        (note,) = await fake.wait_for("chat.postMessage")
    finally:
        fake.refuse_dms = False
    assert note["params"]["text"] == ASK_FOR_DM_NOTE and note["params"]["channel"] == "C1"
    await asyncio.sleep(QUIET)
    assert agent.messages == [] and len(fake.calls_to("chat.postMessage")) == 1


@pytest.mark.asyncio
async def test_secrets_never_reach_the_logs(slack, caplog):
    caplog.set_level(logging.DEBUG)
    post, agent, fake = slack
    await post_json(post, event("hello"))
    await post(event("forged"), "application/json", signed(event("forged"), secret="x"))
    await fake.wait_for("chat.postMessage")
    await asyncio.sleep(0.1)
    assert "Refused a Slack request" in caplog.text
    assert TOKEN not in caplog.text and SECRET not in caplog.text


# --- the input policy all channels share (addons/channels/inbound.py) -------------


@pytest.mark.asyncio
async def test_typed_intents_are_read_as_text_and_long_messages_get_a_notice(slack):
    post, agent, fake = slack
    await post_json(post, event("/emergency", ts="1700000003.000300"))
    await post_json(post, event("x" * (MAX_MESSAGE_CHARS + 1), ts="1700000004.000400"))
    posted = await fake.wait_for("chat.postMessage", 2)
    assert [message.text for message in agent.messages] == ["emergency"]
    assert TOO_LONG_REPLY in [call["params"]["text"] for call in posted]
