"""Conversations at rest: a private SQLite file, and old conversations and sessions deleted."""

import asyncio
import os
import stat
import time

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, SessionStarted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from addons import store_retention
from addons.tracker_store import StrictSQLTrackerStore

DAY = 86400
NOW = time.time()


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def store(db, **kwargs):
    return StrictSQLTrackerStore(domain=Domain.empty(), dialect="sqlite", db=str(db), **kwargs)


def conversation(sender, *sessions_days_ago):
    """A conversation with one session started at each of the given ages (days)."""
    events = []
    for age in sessions_days_ago:
        at = NOW - age * DAY
        events += [
            ActionExecuted("action_session_start", timestamp=at),
            SessionStarted(timestamp=at + 1),
            ActionExecuted("action_listen", timestamp=at + 2),
            UserUttered(f"{sender} at {age}", timestamp=at + 3),
        ]
    return DialogueStateTracker.from_events(sender, events)


def stored_texts(db):
    reopened = store(db, retention_days=0)
    return {
        sender: [
            e.text for e in asyncio.run(reopened.retrieve_full_tracker(sender)).events if isinstance(e, UserUttered)
        ]
        for sender in asyncio.run(reopened.keys())
    }


def test_the_sqlite_file_and_its_folder_are_the_bots_users_only(tmp_path):
    db = tmp_path / "private" / "conversations.db"
    asyncio.run(store(db).save(conversation("rest:a", 1)))
    assert mode(db) == 0o600 and mode(db.parent) == 0o700


def test_an_existing_world_readable_store_is_made_private(tmp_path):
    folder = tmp_path / "old"
    folder.mkdir(mode=0o755)
    db = folder / "conversations.db"
    db.write_bytes(b"")
    db.chmod(0o644)
    folder.chmod(0o755)
    store(db)
    assert mode(db) == 0o600 and mode(folder) == 0o700


def test_a_shared_sticky_folder_is_left_alone_but_the_file_is_private(tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o1777)
    store(shared / "conversations.db")
    assert mode(shared) == 0o1777 and mode(shared / "conversations.db") == 0o600


def test_old_conversations_and_old_sessions_go_recent_ones_stay(tmp_path):
    db = tmp_path / "c.db"
    writer = store(db, retention_days=0)
    for tracker in (
        conversation("rest:old", 45, 40),
        conversation("rest:going-on", 50, 2),
        conversation("rest:recent", 3),
        conversation("rest:edge", 29),
    ):
        asyncio.run(writer.save(tracker))
    deleted = store_retention.delete_expired(writer.engine, writer.SQLEvent, 30, now=NOW)
    assert deleted == 8 + 4  # every event of "old"; the 50-day session of "going-on"
    assert stored_texts(db) == {
        "rest:going-on": ["rest:going-on at 2"],
        "rest:recent": ["rest:recent at 3"],
        "rest:edge": ["rest:edge at 29"],
    }
    assert (
        asyncio.run(store(db, retention_days=0).retrieve("rest:going-on")).latest_message.text == "rest:going-on at 2"
    )


def test_the_store_deletes_expired_conversations_when_it_starts(tmp_path):
    db = tmp_path / "c.db"
    asyncio.run(store(db, retention_days=0).save(conversation("rest:old", 40)))
    store(db, retention_days=30)
    assert stored_texts(db) == {}


@pytest.mark.parametrize("days", [0, -1, None])
def test_no_retention_keeps_everything(tmp_path, days):
    db = tmp_path / "c.db"
    writer = store(db, retention_days=0)
    asyncio.run(writer.save(conversation("rest:ancient", 400)))
    assert store_retention.delete_expired(writer.engine, writer.SQLEvent, days) == 0
    assert set(stored_texts(db)) == {"rest:ancient"}


def test_the_command_deletes_with_the_endpoints_store(tmp_path, capsys):
    db = tmp_path / "c.db"
    asyncio.run(store(db, retention_days=0).save(conversation("rest:old", 40)))
    asyncio.run(store(db, retention_days=0).save(conversation("rest:new", 1)))
    endpoints = tmp_path / "endpoints.yml"
    endpoints.write_text(
        f"tracker_store:\n  type: addons.tracker_store.StrictSQLTrackerStore\n"
        f"  dialect: sqlite\n  db: {db}\n  retention_days: 30\n"
    )
    assert store_retention.main(["--endpoints", str(endpoints)]) == 0
    assert "Deleted 4 events older than 30 days" in capsys.readouterr().out
    assert set(stored_texts(db)) == {"rest:new"}


def test_a_failing_daily_run_is_logged_and_retried(caplog):
    calls = []

    def job():
        calls.append(1)
        raise RuntimeError("database is locked")

    stop = store_retention.run_daily(job, every_s=0.05)
    try:
        deadline = time.monotonic() + 5
        while len(calls) < 2 and time.monotonic() < deadline:
            time.sleep(0.02)
    finally:
        stop.set()
    assert len(calls) >= 2 and "Retention run failed (RuntimeError)" in caplog.text
