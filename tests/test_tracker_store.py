"""StrictSQLTrackerStore: keeps conversations in SQLite, and refuses to start without it."""

import asyncio

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    ActionReverted,
    Event,
    ActiveLoop,
    SessionStarted,
    SlotSet,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker

from addons.recent_window import recent_window
from addons import event_types
from addons.tracker_store import KNOWN_EVENTS_ATTR, StrictSQLTrackerStore, asks_to_forget


def test_a_conversation_survives_a_new_store_instance(tmp_path):
    db = str(tmp_path / "nested" / "conversations.db")  # the folder is created
    tracker = DialogueStateTracker.from_events("someone", [UserUttered("my calf twitches"), SlotSet("onset", "sudden")])
    asyncio.run(StrictSQLTrackerStore(domain=Domain.empty(), dialect="sqlite", db=db).save(tracker))
    restored = asyncio.run(StrictSQLTrackerStore(domain=Domain.empty(), dialect="sqlite", db=db).retrieve("someone"))
    assert restored.latest_message.text == "my calf twitches"


def test_refuses_to_start_saying_why(tmp_path, caplog):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    with pytest.raises(SystemExit) as stopped:
        StrictSQLTrackerStore(domain=Domain.empty(), dialect="sqlite", db=str(blocker / "conversations.db"))
    assert "Refusing to start" in str(stopped.value)
    assert "conversation store" in caplog.text


def _conversation(sender, *last_actions):
    return DialogueStateTracker.from_events(
        sender,
        [
            UserUttered("my calf twitches"),
            ActionExecuted("symptom_form"),
            ActionExecuted("action_listen"),
            UserUttered("delete my data"),
            *[ActionExecuted(name) for name in last_actions],
        ],
    )


@pytest.mark.parametrize(
    "last_actions,forget",
    [
        (("utter_forgotten", "action_listen"), True),
        (("utter_confirm_forget", "action_listen"), False),
        (("utter_forget_cancelled", "action_listen"), False),
        ((), False),
    ],
)
def test_only_the_forgotten_answer_to_the_latest_message_forgets(last_actions, forget):
    assert asks_to_forget(_conversation("someone", *last_actions)) is forget


def test_an_earlier_forgotten_answer_does_not_forget_again():
    tracker = _conversation("someone", "utter_forgotten", "action_listen")
    tracker.update(UserUttered("my eyelid twitches"))
    assert not asks_to_forget(tracker)


def test_forget_me_deletes_that_conversation_and_no_other(tmp_path):
    db = str(tmp_path / "conversations.db")
    store = StrictSQLTrackerStore(domain=Domain.empty(), dialect="sqlite", db=db)
    for sender in ("forgetful", "other"):
        asyncio.run(store.save(_conversation(sender, "utter_confirm_forget", "action_listen")))
    asyncio.run(store.save(_conversation("forgetful", "utter_forgotten", "action_listen")))
    reopened = StrictSQLTrackerStore(domain=Domain.empty(), dialect="sqlite", db=db)
    assert asyncio.run(reopened.retrieve("forgetful")) is None
    assert asyncio.run(reopened.retrieve("other")).latest_message.text == "delete my data"
    assert set(asyncio.run(reopened.keys())) == {"other"}


def _long_conversation(sender, user_turns):
    events = [
        SessionStarted(),
        ActionExecuted("action_listen"),
        UserUttered("my calf twitches"),
        ActionExecuted("symptom_form"),
        ActiveLoop("symptom_form"),
        SlotSet("duration_days", 21),
        ActionExecuted("action_listen"),
    ]
    for number in range(user_turns):
        events += [UserUttered(f"question {number}"), ActionExecuted("utter_faq"), ActionExecuted("action_listen")]
    return DialogueStateTracker.from_events(sender, events)


def test_rasa_gets_a_recent_window_with_the_state_it_starts_from_and_nothing_is_lost(tmp_path):
    domain = Domain.from_path("domain.yml")
    store = StrictSQLTrackerStore(domain=domain, dialect="sqlite", db=str(tmp_path / "c.db"), recent_user_turns=3)
    asyncio.run(store.save(_long_conversation("long", 20)))
    window = asyncio.run(store.retrieve("long"))
    assert [e.text for e in window.events if isinstance(e, UserUttered)] == [
        "question 17",
        "question 18",
        "question 19",
    ]
    assert window.get_slot("duration_days") == 21 and window.active_loop_name == "symptom_form"
    window.update(UserUttered("question 20"))
    window.update(ActionExecuted("utter_faq"))
    asyncio.run(store.save(window))
    asyncio.run(store.save(window))  # a second save of the same tracker adds nothing
    full = asyncio.run(store.retrieve_full_tracker("long"))
    texts = [e.text for e in full.events if isinstance(e, UserUttered)]
    assert texts == ["my calf twitches"] + [f"question {n}" for n in range(21)]
    assert sum(isinstance(e, SlotSet) for e in full.events) == 1  # the snapshot is never stored


def test_a_short_conversation_read_back_and_saved_stores_each_new_event_once(tmp_path):
    """Shorter than the window: the whole session comes back, and save() adds only what is new."""
    store = StrictSQLTrackerStore(domain=Domain.from_path("domain.yml"), dialect="sqlite", db=str(tmp_path / "c.db"))
    asyncio.run(store.save(_long_conversation("short", 2)))
    tracker = asyncio.run(store.retrieve("short"))
    stored = len(tracker.events)
    tracker.update(UserUttered("one more question"))
    tracker.update(ActionExecuted("utter_faq"))
    asyncio.run(store.save(tracker))
    asyncio.run(store.save(tracker))  # a second save of the same tracker adds nothing
    again = asyncio.run(store.retrieve("short"))
    assert len(again.events) == stored + 2 and again.latest_message.text == "one more question"
    assert getattr(again, KNOWN_EVENTS_ATTR) == len(again.events)  # so save() needs no count query


def test_the_store_reads_event_types_from_the_table(tmp_path, monkeypatch):
    monkeypatch.setattr(Event, "resolve_by_type", event_types.RASA_RESOLVE_BY_TYPE)  # Rasa's; undone after the test
    StrictSQLTrackerStore(domain=Domain.empty(), dialect="sqlite", db=str(tmp_path / "c.db"))
    assert Event.resolve_by_type is event_types.resolve_by_type


def test_the_window_is_the_same_as_from_every_event_decoded(tmp_path):
    """Only the window and the snapshot's events are decoded; the result is the same."""
    store = StrictSQLTrackerStore(
        domain=Domain.from_path("domain.yml"), dialect="sqlite", db=str(tmp_path / "c.db"), recent_user_turns=3
    )
    asyncio.run(store.save(_long_conversation("long", 20)))
    full = asyncio.run(store.retrieve_full_tracker("long"))
    expected = recent_window([event.as_dict() for event in full.events], 3)
    assert [event.as_dict() for event in asyncio.run(store.retrieve("long")).events] == expected


def test_a_conversation_that_cannot_be_summarised_comes_back_whole_and_decoded(tmp_path):
    store = StrictSQLTrackerStore(
        domain=Domain.from_path("domain.yml"), dialect="sqlite", db=str(tmp_path / "c.db"), recent_user_turns=3
    )
    tracker = _long_conversation("undone", 0)
    tracker.update(ActionReverted())  # "undo": no snapshot can stand for it, so nothing is cut
    for number in range(10):
        tracker.update(UserUttered(f"question {number}"))
        tracker.update(ActionExecuted("utter_faq"))
    asyncio.run(store.save(tracker))
    back = asyncio.run(store.retrieve("undone"))
    assert [e.text for e in back.events if isinstance(e, UserUttered)] == ["my calf twitches"] + [
        f"question {n}" for n in range(10)
    ]


def test_zero_recent_turns_gives_the_whole_session(tmp_path):
    store = StrictSQLTrackerStore(
        domain=Domain.from_path("domain.yml"), dialect="sqlite", db=str(tmp_path / "c.db"), recent_user_turns=0
    )
    asyncio.run(store.save(_long_conversation("long", 20)))
    assert len([e for e in asyncio.run(store.retrieve("long")).events if isinstance(e, UserUttered)]) == 21


def test_sqlite_overwrites_what_it_deletes(tmp_path):
    store = StrictSQLTrackerStore(domain=Domain.empty(), dialect="sqlite", db=str(tmp_path / "c.db"))
    with store.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA secure_delete").scalar() == 1
