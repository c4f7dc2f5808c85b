"""The event-type table finds the same class as Rasa's walk, for every event type."""

import pytest
from rasa.shared.core.events import Event, UserUttered
from rasa.shared.utils.common import all_subclasses

from addons import event_types

rasa_resolve = event_types.RASA_RESOLVE_BY_TYPE.__func__


@pytest.mark.parametrize("type_name", sorted({cls.type_name for cls in all_subclasses(Event)}))
def test_same_class_as_rasa_for_every_type(type_name):
    assert event_types.resolve_by_type(type_name) is rasa_resolve(type_name)


def test_old_topic_events_and_defaults_as_rasa():
    assert event_types.resolve_by_type("topic") is None
    assert event_types.resolve_by_type("no such event", default=UserUttered) is UserUttered
    with pytest.raises(ValueError, match="Unknown event name 'no such event'"):
        event_types.resolve_by_type("no such event")


def test_a_class_defined_later_is_found():
    event_types.resolve_by_type("user")  # the table exists before the new class does

    class LaterEvent(UserUttered):
        type_name = "later_event_for_this_test"

    assert event_types.resolve_by_type("later_event_for_this_test") is LaterEvent


def test_installed_events_round_trip(monkeypatch):
    monkeypatch.setattr(Event, "resolve_by_type", event_types.RASA_RESOLVE_BY_TYPE)  # Rasa's; undone after the test
    event_types.install()
    assert Event.resolve_by_type is event_types.resolve_by_type
    event = UserUttered("hello", {"name": "greet", "confidence": 0.9})
    assert Event.from_parameters(event.as_dict()) == event
