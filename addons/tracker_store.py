"""SQL tracker store that refuses to start without its database, and forgets on request.

Rasa 3.6 falls back to an in-memory tracker store when the configured one fails, so every
conversation would silently be lost at the next restart. This store checks its connection
when the server starts and stops the server with the reason instead. Configured in
endpoints.yml (SQLite by default; PostgreSQL with `dialect: postgresql` and a host).

"Forget me": when the bot has just told a user their conversation is deleted
(`utter_forgotten`, after they confirmed), this store deletes every stored event of that
user instead of saving. It happens here, in the Rasa server, so it works without the action
server and the confirmation can never be sent without the deletion.
"""
from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, Optional, Text

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import ActionExecuted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

logger = logging.getLogger(__name__)

FORGOTTEN_RESPONSE = "utter_forgotten"


def asks_to_forget(tracker: DialogueStateTracker) -> bool:
    """Did the bot answer the latest user message with `utter_forgotten`?"""
    for event in reversed(tracker.events):
        if isinstance(event, UserUttered):
            return False
        if isinstance(event, ActionExecuted) and event.action_name == FORGOTTEN_RESPONSE:
            return True
    return False


class StrictSQLTrackerStore(SQLTrackerStore):
    """SQLTrackerStore whose start-up failure stops the server, saying why."""

    def __init__(self, dialect: Text = "sqlite", host: Optional[Text] = None, db: Text = "rasa.db", **kwargs: Any) -> None:
        try:
            if dialect == "sqlite" and db:
                Path(db).parent.mkdir(parents=True, exist_ok=True)
            super().__init__(dialect=dialect, host=host, db=db, **kwargs)
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

    async def save(self, tracker: DialogueStateTracker) -> None:
        """Store the new events, or delete the whole conversation after "forget me"."""
        if asks_to_forget(tracker):
            await self.delete(tracker.sender_id)
        else:
            await super().save(tracker)

    async def delete(self, sender_id: Text) -> None:
        """Remove every stored event of one conversation (all its sessions)."""
        with self.session_scope() as session:
            deleted = session.query(self.SQLEvent).filter(self.SQLEvent.sender_id == sender_id).delete()
            session.commit()
        # The count, never the id or any text: ids can be personal (a phone-number-like handle).
        logger.info(f"Forgot a conversation on request ({deleted} events deleted).")
