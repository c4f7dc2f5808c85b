"""SQL tracker store that refuses to start without its database, and forgets on request.

Rasa 3.6 falls back to an in-memory tracker store when the configured one fails, so every
conversation would silently be lost at the next restart. This store checks its connection
when the server starts and stops the server with the reason instead. Configured in
endpoints.yml (SQLite by default; PostgreSQL with `dialect: postgresql` and a host).

"Forget me": when the bot has just told a user their conversation is deleted
(`utter_forgotten`, after they confirmed), this store deletes every stored event of that
user instead of saving. It happens here, in the Rasa server, so it works without the action
server and the confirmation can never be sent without the deletion.

Recent window: for each message Rasa gets only the last `recent_user_turns` user turns of
the session, after a snapshot of the state they start from (addons/recent_window.py), so
the cost of a message does not grow with the conversation. The API's full tracker
(`GET /conversations/<id>/tracker`) and the stored events are unaffected.

At rest (addons/store_retention.py): a SQLite file is readable by the bot's user only, and
conversations older than `retention_days` (default 30; 0 keeps them) are deleted when the
store starts and then daily.
"""

from __future__ import annotations

import itertools
import json
import logging
from typing import Any, Dict, Iterator, List, Optional, Text, Tuple

import sqlalchemy
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import ActionExecuted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from addons import event_types, store_retention
from addons.recent_window import SNAPSHOT_EVENTS, recent_window, window_start

logger = logging.getLogger(__name__)

FORGOTTEN_RESPONSE = "utter_forgotten"
# Rule and policy histories here are at most 5 turns (config.yml); 10 leaves room.
DEFAULT_RECENT_USER_TURNS = 10
# Set on a retrieved tracker: how many of its events are already stored (a window's
# snapshot counts, as it stands for stored events). save() adds only the events after these.
KNOWN_EVENTS_ATTR = "_store_known_events"


def _secure_delete(connection: Any, _: Any) -> None:
    """What "forget me" deletes from SQLite is overwritten, not left in free pages."""
    cursor = connection.cursor()
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.close()


def asks_to_forget(tracker: DialogueStateTracker) -> bool:
    """Did the bot answer the latest user message with `utter_forgotten`?"""
    for event in reversed(tracker.events):
        if isinstance(event, UserUttered):
            return False
        if isinstance(event, ActionExecuted) and event.action_name == FORGOTTEN_RESPONSE:
            return True
    return False


def decoded(rows: List[Tuple[Text, Optional[Text], Text]], start: int) -> List[Dict[Text, Any]]:
    """Stored (kind, name, JSON) rows as event dicts; before `start`, SNAPSHOT_EVENTS only,
    the others as {"event": kind, "name": name}."""
    return [
        json.loads(data) if index >= start or kind in SNAPSHOT_EVENTS else {"event": kind, "name": name}
        for index, (kind, name, data) in enumerate(rows)
    ]


class StrictSQLTrackerStore(SQLTrackerStore):
    """SQLTrackerStore whose start-up failure stops the server, saying why."""

    def __init__(
        self,
        dialect: Text = "sqlite",
        host: Optional[Text] = None,
        db: Text = "rasa.db",
        recent_user_turns: int = DEFAULT_RECENT_USER_TURNS,
        retention_days: float = store_retention.DEFAULT_RETENTION_DAYS,
        retention_at_start: bool = True,
        **kwargs: Any,
    ) -> None:
        self.recent_user_turns = int(recent_user_turns or 0)  # 0: the whole session, as Rasa does
        self.retention_days = float(retention_days or 0)  # 0: keep conversations for ever
        try:
            if dialect == "sqlite" and db and db != ":memory:":
                store_retention.secure_sqlite_file(db)
            super().__init__(dialect=dialect, host=host, db=db, **kwargs)
            event_types.install()  # reading events back walked every Event class per event
            if dialect == "sqlite":
                sqlalchemy.event.listen(self.engine, "connect", _secure_delete)
                self.engine.dispose()  # connections opened before the listener get it too
            with self.engine.connect():
                pass
        except Exception as error:  # any failure here would mean conversations in memory only
            where = f"{dialect} database {db!r}" + (f" on {host}" if host else "")
            message = (
                f"Cannot open the conversation store ({where}): {type(error).__name__}. "
                "Refusing to start, because conversations would otherwise be kept in memory and lost."
            )
            logger.critical(message)
            raise SystemExit(message) from error
        logger.info(f"Conversations are stored in the {dialect} database {db!r}.")
        if self.retention_days and retention_at_start:
            try:
                self.delete_expired()
            except Exception as error:  # the store works; the next daily run tries again
                logger.error(f"Retention run at start-up failed ({type(error).__name__}).")
            self.stop_retention = store_retention.run_daily(self.delete_expired)

    def delete_expired(self) -> int:
        """Delete conversations and sessions older than the retention period (see module docstring)."""
        return store_retention.delete_expired(self.engine, self.SQLEvent, self.retention_days)

    async def save(self, tracker: DialogueStateTracker) -> None:
        """Store the new events, or delete the whole conversation after "forget me"."""
        if asks_to_forget(tracker):
            await self.delete(tracker.sender_id)
            return
        await super().save(tracker)
        if hasattr(tracker, KNOWN_EVENTS_ATTR):  # saved twice, the same events go in once
            setattr(tracker, KNOWN_EVENTS_ATTR, len(tracker.events))

    async def delete(self, sender_id: Text) -> None:
        """Remove every stored event of one conversation (all its sessions)."""
        with self.session_scope() as session:
            deleted = session.query(self.SQLEvent).filter(self.SQLEvent.sender_id == sender_id).delete()
            session.commit()
        # The count, never the id or any text: ids can be personal (a phone-number-like handle).
        logger.info(f"Forgot a conversation on request ({deleted} events deleted).")

    async def retrieve(self, sender_id: Text) -> Optional[DialogueStateTracker]:
        """The session's recent window (see module docstring), or the whole session."""
        if not self.recent_user_turns:
            return await super().retrieve(sender_id)
        with self.session_scope() as session:
            # Columns only: building an ORM object per stored event cost more than the rest.
            query = self._event_query(session, sender_id, fetch_events_from_all_sessions=False)
            rows = query.with_entities(self.SQLEvent.type_name, self.SQLEvent.action_name, self.SQLEvent.data).all()
        if not (self.domain and rows):
            return None
        # Before the window only the events the snapshot reads are decoded (the others by kind
        # and name): at turn 100, decoding all ~500 events' JSON was most of reading back.
        start = window_start([{"event": kind, "name": name} for kind, name, _ in rows], self.recent_user_turns)
        window = recent_window(decoded(rows, start), self.recent_user_turns) if start else None
        tracker = DialogueStateTracker.from_dict(sender_id, window or decoded(rows, 0), self.domain.slots)
        # Window or whole session, these events are stored: save() needs no count query.
        setattr(tracker, KNOWN_EVENTS_ATTR, len(tracker.events))
        return tracker

    def _additional_events(self, session: Any, tracker: DialogueStateTracker) -> Iterator:
        """The events not stored yet: those after the retrieved ones (Rasa counts rows instead)."""
        known = getattr(tracker, KNOWN_EVENTS_ATTR, None)
        if known is None:
            return super()._additional_events(session, tracker)
        return itertools.islice(tracker.events, known, None)
