"""The recent part of a conversation, and the state it starts from (pure, no Rasa imports).

Why: Rasa 3.6 rebuilds a tracker from every stored event of the session for each message,
and its policies turn the whole history into states again and again, although ours look at
most 5 turns back (MemoizationPolicy max_history 5, rules of 1-2 turns).
Measured: a message at turn 100 cost ~3x one at turn 5, all of it in event
deserialisation and `Domain.states_for_tracker_history`. So the tracker store hands Rasa
only the last few user turns, preceded by SlotSet and ActiveLoop events that restore the
state the window starts from. Nothing is deleted: the store keeps every event.
"""

from typing import Any, Dict, List, Optional, Sequence

Event = Dict[str, Any]  # an event as Rasa stores it (Event.as_dict())

# Events whose effect on the state is the slot values and the active loop only (or none).
# Anything else earlier in the session (rewind, undo, pause, ...)
# changes what came before in ways a snapshot cannot express: then nothing is cut.
SUMMARISABLE = frozenset(
    {
        "user",
        "bot",
        "action",
        "slot",
        "active_loop",
        "session_started",
        "restart",
        "reset_slots",
        "user_featurization",
        "entities",
        "loop_interrupted",
        "action_execution_rejected",
        "followup",
    }
)
RESETS_ALL = frozenset({"session_started", "restart"})  # Rasa resets the whole tracker
# Before the window, only these events' contents make the snapshot; of the others, the kind
# ("event") is enough, and of an action, its "name" too.
SNAPSHOT_EVENTS = frozenset({"slot", "active_loop"})


def window_start(events: Sequence[Event], user_turns: int) -> Optional[int]:
    """Where the window of the last `user_turns` user turns starts (the listen before the
    first of them included); None when there are no more turns than that. Reads only each
    event's kind and an action's name."""
    users = [index for index, event in enumerate(events) if event.get("event") == "user"]
    if user_turns < 1 or len(users) <= user_turns:
        return None
    cut = users[-user_turns]
    previous = events[cut - 1]
    if previous.get("event") == "action" and previous.get("name") == "action_listen":
        cut -= 1  # keep the listen before the message, as Rasa's own history has it
    return cut


def recent_window(events: Sequence[Event], user_turns: int) -> Optional[List[Event]]:
    """The events from the `user_turns`-th last user message on, after a snapshot of the
    slots and the active loop at that point; None when there is nothing to cut or the
    earlier events cannot be summarised. Before the window, only SNAPSHOT_EVENTS need their
    contents (see window_start for the rest)."""
    cut = window_start(events, user_turns)
    if cut is None:
        return None
    slots: Dict[str, Any] = {}
    loop = None
    for event in events[:cut]:
        kind = event.get("event")
        if kind not in SUMMARISABLE:
            return None
        if kind == "slot":
            slots[event["name"]] = event.get("value")
        elif kind == "active_loop":
            loop = event.get("name")
        elif kind == "reset_slots":
            slots = {}
        elif kind in RESETS_ALL:
            slots, loop = {}, None
    at = events[cut].get("timestamp")
    snapshot = [
        {"event": "slot", "name": name, "value": value, "timestamp": at}
        for name, value in slots.items()
        if value is not None
    ]
    if loop:
        snapshot.append({"event": "active_loop", "name": loop, "timestamp": at})
    return snapshot + list(events[cut:])
