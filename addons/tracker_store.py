"""SQL tracker store that refuses to start without its database.

Rasa 3.6 falls back to an in-memory tracker store when the configured one fails, so every
conversation would silently be lost at the next restart. This store checks its connection
when the server starts and stops the server with the reason instead. Configured in
endpoints.yml (SQLite by default; PostgreSQL with `dialect: postgresql` and a host).
"""
from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, Optional, Text

from rasa.core.tracker_store import SQLTrackerStore

logger = logging.getLogger(__name__)


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
