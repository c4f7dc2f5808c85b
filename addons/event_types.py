"""Find an event's class by its type name in a dictionary, not by walking all classes.

Rasa 3.6 turns every stored event back into an object with `Event.resolve_by_type`, which
walks the whole tree of Event subclasses (and asks `inspect.isabstract` of each) for every
single event: 87 us each, so 5 ms to read back a 60-event conversation, on the Rasa
server's one event loop, for every message (profiled with cProfile; see `make profile`).
`install()` swaps in the same lookup over a table built from the same walk: the same class
for every name (the first in the walk's order), the same `topic`/default/ValueError
behaviour. A name not in the table walks again, so classes imported later are found too.
"""

from __future__ import annotations

from typing import Dict, Optional, Text, Type

from rasa.shared.core.events import Event
from rasa.shared.utils.common import all_subclasses

_by_name: Dict[Text, Type[Event]] = {}
RASA_RESOLVE_BY_TYPE = Event.__dict__["resolve_by_type"]  # Rasa's own, kept for the tests


def _walk() -> None:
    table: Dict[Text, Type[Event]] = {}
    for cls in all_subclasses(Event):
        table.setdefault(cls.type_name, cls)  # the first in the walk wins, as in Rasa's loop
    _by_name.clear()
    _by_name.update(table)


def resolve_by_type(type_name: Text, default: Optional[Type[Event]] = None) -> Optional[Type[Event]]:
    """Event.resolve_by_type, from the table."""
    if type_name not in _by_name:
        _walk()
    if type_name in _by_name:
        return _by_name[type_name]
    if type_name == "topic":
        return None  # as Rasa: old TopicSet events are skipped
    if default is not None:
        return default
    raise ValueError(f"Unknown event name '{type_name}'.")


def install() -> None:
    """Use the table for every event this process reads."""
    Event.resolve_by_type = staticmethod(resolve_by_type)
