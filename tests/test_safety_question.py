"""The safety-net sentence as the domain renders it: a sign that comes and goes is asked about."""

import pytest
from rasa.core.nlg.response import TemplatedNaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import SlotSet
from rasa.shared.core.trackers import DialogueStateTracker

DOMAIN = Domain.load("domain.yml")


async def render(**slots) -> dict:
    tracker = DialogueStateTracker.from_events("tester", [SlotSet(k, v) for k, v in slots.items()], DOMAIN.slots)
    nlg = TemplatedNaturalLanguageGenerator(DOMAIN.responses)
    return await nlg.generate("utter_safety_net", tracker, "rest")


@pytest.mark.asyncio
async def test_a_sign_that_comes_and_goes_gets_yes_no_buttons_that_escalate():
    reply = await render(safety_net_sign="can't breathe", safety_net_timing="comes_and_goes")
    assert "happening right now?" in reply["text"] and "can't breathe" in reply["text"]
    assert [b["payload"] for b in reply["buttons"]] == ["/sign_happening_now", "/sign_not_now"]


@pytest.mark.asyncio
async def test_a_past_sign_gets_the_sentence_without_a_question():
    reply = await render(safety_net_sign="chest pain last year", safety_net_timing="past")
    assert "?" not in reply["text"] and not reply.get("buttons")
    assert "call your local emergency number" in reply["text"]
