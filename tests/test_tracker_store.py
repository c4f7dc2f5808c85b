"""StrictSQLTrackerStore: keeps conversations in SQLite, and refuses to start without it."""
import asyncio

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from addons.tracker_store import StrictSQLTrackerStore


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
