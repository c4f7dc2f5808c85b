"""Rasa NLG: a response said again in a conversation comes in its next variation.

Rasa picks a response variation at random, so a user who says "I'm scared" twice may get the
same paragraph twice, word for word, one time in every number of variations. This generator
(endpoints.yml ``nlg: type: addons.rotating_responses.RotatingResponses``) sends them in turn
instead: the n-th time a response is sent in the conversation (as far as the tracker reaches)
it is variation n, cycling. Everything else is Rasa's own templated generator: conditions on
slots and channels choose which variations are eligible, and the text stays in the domain.
"""

from __future__ import annotations

import copy
from typing import Any, Dict, List, Optional, Text

from rasa.core.nlg.generator import ResponseVariationFilter
from rasa.core.nlg.response import TemplatedNaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import BotUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig

# Where Rasa records which response a bot message came from (BotUttered.metadata).
UTTER_ACTION_KEY = "utter_action"


def times_sent(tracker: DialogueStateTracker, utter_action: Text) -> int:
    """How often the bot has sent ``utter_action`` in the events the tracker holds."""
    return sum(
        1
        for event in tracker.events
        if isinstance(event, BotUttered) and (event.metadata or {}).get(UTTER_ACTION_KEY) == utter_action
    )


def next_variation(variations: List[Dict[Text, Any]], sent_before: int) -> Dict[Text, Any]:
    """The variation to send after ``sent_before`` earlier sends: each in turn, then again."""
    return variations[sent_before % len(variations)]


class RotatingResponses(TemplatedNaturalLanguageGenerator):
    """Rasa's templated NLG, with variations sent in turn instead of at random."""

    def __init__(self, endpoint_config: Optional[EndpointConfig] = None, domain: Optional[Domain] = None) -> None:
        # Rasa builds the generator before the model's domain is loaded, then sets `responses`.
        super().__init__((domain or Domain.empty()).responses)

    async def generate(
        self, utter_action: Text, tracker: DialogueStateTracker, output_channel: Text, **kwargs: Any
    ) -> Optional[Dict[Text, Any]]:
        """The response's next variation among those its conditions and the channel allow."""
        if utter_action not in self.responses:
            return None
        filled_slots = tracker.current_slot_values()
        eligible = ResponseVariationFilter(self.responses).responses_for_utter_action(
            utter_action, output_channel, filled_slots
        )
        if not eligible:
            return None
        chosen = copy.deepcopy(next_variation(eligible, times_sent(tracker, utter_action)))
        return self._fill_response(chosen, filled_slots, **kwargs)
