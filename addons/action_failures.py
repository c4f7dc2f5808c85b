"""A custom action whose call fails is answered with the apology, and the turn is kept.

Rasa 3.6 logs "the actions events are lost" and carries on as if the action had run: the
user gets no answer at all (at 500 concurrent senders 82 check turns went silent this way),
and a hung call waits up to 300 s. Here each call to the action server is bounded
(CALL_TIMEOUT_S) and a failure - refused, timed out, a 5xx, an unreadable answer - sends
`utter_action_server_down` (the apology with the conservative advice and the emergency
number) and ends the turn. The user's message stays in the conversation and the check stays
where it was, so sending it again carries on. A form rejecting an answer
(ActionExecutionRejection) is Rasa's normal flow and is left alone.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any, List

from rasa.core.actions.action import ActionExecutionRejection, RemoteAction, create_bot_utterance
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.events import Event, FollowupAction

logger = logging.getLogger(__name__)

APOLOGY = "utter_action_server_down"
CALL_TIMEOUT_S = 15.0  # a check turn is normally well under a second, even under load
_ORIGINAL_RUN = "_run_without_apology"


async def run_or_apologise(self: RemoteAction, output_channel: Any, nlg: Any, tracker: Any, domain: Any) -> List[Event]:
    """RemoteAction.run, with the apology instead of a silent turn when the call fails."""
    try:
        return await asyncio.wait_for(
            getattr(self, _ORIGINAL_RUN)(output_channel, nlg, tracker, domain), CALL_TIMEOUT_S
        )
    except ActionExecutionRejection:
        raise
    except Exception as error:  # the details may quote the call: only the kind is logged
        logger.error("Custom action '%s' failed (%s); answered with the apology.", self.name(), type(error).__name__)
    apology = await nlg.generate(APOLOGY, tracker, output_channel.name())
    events: List[Event] = [create_bot_utterance({**apology, "utter_action": APOLOGY})] if apology else []
    return events + [FollowupAction(ACTION_LISTEN_NAME)]


def install() -> None:
    """Apologise for failed calls of every remote action of this process (idempotent)."""
    if not hasattr(RemoteAction, _ORIGINAL_RUN):
        setattr(RemoteAction, _ORIGINAL_RUN, RemoteAction.run)
        RemoteAction.run = run_or_apologise
