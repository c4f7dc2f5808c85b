"""recent_window: the last user turns and the state they start from, or None."""

import pytest

from addons.recent_window import recent_window


def user(text):
    return {"event": "user", "text": text, "timestamp": 1.0}


def action(name):
    return {"event": "action", "name": name, "timestamp": 1.0}


def slot(name, value):
    return {"event": "slot", "name": name, "value": value, "timestamp": 1.0}


def loop(name):
    return {"event": "active_loop", "name": name, "timestamp": 1.0}


def turns(count):
    events = [{"event": "session_started", "timestamp": 1.0}, action("action_listen")]
    for number in range(count):
        events += [user(f"message {number}"), action("utter_faq"), action("action_listen")]
    return events


def test_short_conversations_are_not_cut():
    assert recent_window(turns(3), 3) is None
    assert recent_window(turns(5), 0) is None


def test_the_window_starts_at_the_listen_before_the_oldest_kept_message():
    window = recent_window(turns(6), 2)
    assert window == [
        action("action_listen"),
        user("message 4"),
        action("utter_faq"),
        action("action_listen"),
        user("message 5"),
        action("utter_faq"),
        action("action_listen"),
    ]


def test_slots_and_the_active_loop_are_restored_with_their_last_values():
    events = (
        turns(1)
        + [
            slot("onset", "sudden"),
            slot("duration_days", 3),
            loop("symptom_form"),
            slot("onset", "gradual"),
            slot("body_locations", None),
        ]
        + turns(3)[2:]
    )
    window = recent_window(events, 2)
    assert window[:3] == [
        {"event": "slot", "name": "onset", "value": "gradual", "timestamp": 1.0},
        {"event": "slot", "name": "duration_days", "value": 3, "timestamp": 1.0},
        {"event": "active_loop", "name": "symptom_form", "timestamp": 1.0},
    ]
    assert [e.get("text") for e in window if e["event"] == "user"] == ["message 1", "message 2"]


@pytest.mark.parametrize(
    "reset,expected",
    [
        ({"event": "restart", "timestamp": 1.0}, []),
        ({"event": "reset_slots", "timestamp": 1.0}, [loop("symptom_form")]),
        (loop(None), [slot("onset", "sudden")]),
    ],
)
def test_resets_before_the_window_are_applied(reset, expected):
    events = turns(1) + [slot("onset", "sudden"), loop("symptom_form"), reset] + turns(3)[2:]
    window = recent_window(events, 2)
    assert window[: len(window) - 7] == expected


@pytest.mark.parametrize("kind", ["rewind", "undo", "pause", "resume", "something_new"])
def test_events_a_snapshot_cannot_express_mean_no_cut(kind):
    events = turns(2) + [{"event": kind, "timestamp": 1.0}] + turns(4)[2:]
    assert recent_window(events, 2) is None
