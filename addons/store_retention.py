"""Conversations at rest: the SQLite file readable by the bot's user only, old ones deleted.

Why: the store was world-readable (0644) and kept every session for ever. Here:
  - the SQLite file (and the journal files SQLite gives the same mode) is 0600 and its
    folder 0700, unless that folder is a shared one such as /tmp (sticky bit), which is left
    alone; the file still is 0600;
  - `delete_expired` removes conversations whose last event is older than the retention
    period, and the earlier sessions of conversations still going on (events before their
    latest session start that are older than the period; Rasa never reads those back). The
    store runs it at start-up and then daily (addons/tracker_store.py, `retention_days`);
    `python -m addons.store_retention` (make retention) runs it once.
Plain SQLAlchemy, so it works on PostgreSQL too.

    python -m addons.store_retention [--endpoints endpoints.yml] [--days N]
"""

import argparse
import logging
import os
import stat
import sys
import threading
import time
from pathlib import Path
from typing import Any, Callable, Optional, Text

import sqlalchemy as sa

logger = logging.getLogger(__name__)

DEFAULT_RETENTION_DAYS = 30
RUN_EVERY_S = 24 * 3600
SESSION_STARTED = "session_started"
SQLITE_COMPANIONS = ("-journal", "-wal", "-shm")


def secure_sqlite_file(db: Text) -> None:
    """Create or restrict the SQLite file (0600) and, unless it is shared, its folder (0700)."""
    path = Path(db)
    folder = path.parent if str(path.parent) else Path(".")
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    info = folder.stat()
    if info.st_uid == os.getuid() and not info.st_mode & stat.S_ISVTX:
        folder.chmod(0o700)
    os.close(os.open(path, os.O_CREAT | os.O_RDWR, 0o600))
    for file in [path] + [Path(f"{path}{suffix}") for suffix in SQLITE_COMPANIONS]:
        if file.exists():
            file.chmod(0o600)


def delete_expired(engine: Any, event_table: Any, days: float, now: Optional[float] = None) -> int:
    """Delete what is older than `days`; returns the number of events deleted."""
    if not days or days <= 0:
        return 0
    cutoff = (time.time() if now is None else now) - days * 86400
    events = event_table.__table__ if hasattr(event_table, "__table__") else event_table
    idle = sa.select(events.c.sender_id).group_by(events.c.sender_id).having(sa.func.max(events.c.timestamp) < cutoff)
    other = events.alias("session_starts")
    latest_start = (
        sa.select(sa.func.max(other.c.timestamp))
        .where(other.c.sender_id == events.c.sender_id, other.c.type_name == SESSION_STARTED)
        .scalar_subquery()
    )
    with engine.begin() as connection:
        whole = connection.execute(sa.delete(events).where(events.c.sender_id.in_(idle))).rowcount
        earlier = connection.execute(
            sa.delete(events).where(events.c.timestamp < cutoff, events.c.timestamp < latest_start)
        ).rowcount
    deleted = (whole or 0) + (earlier or 0)
    # Counts only: ids can be personal.
    logger.info("Retention (%s days): deleted %d events of expired conversations and sessions.", days, deleted)
    return deleted


def run_daily(job: Callable[[], Any], every_s: float = RUN_EVERY_S) -> threading.Event:
    """Run `job` every `every_s` seconds in a daemon thread until the returned event is set;
    a failure is logged, never raised."""
    stop = threading.Event()

    def loop() -> None:
        while not stop.wait(every_s):
            try:
                job()
            except Exception as error:
                logger.error("Retention run failed (%s); trying again in %g s.", type(error).__name__, every_s)

    threading.Thread(target=loop, name="conversation-retention", daemon=True).start()
    return stop


def main(argv: Optional[list] = None) -> int:
    parser = argparse.ArgumentParser(description="Delete conversations older than the retention period.")
    parser.add_argument("--endpoints", default="endpoints.yml")
    parser.add_argument("--days", type=float, help="instead of the store's retention_days")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    from rasa.core.tracker_store import TrackerStore
    from rasa.core.utils import read_endpoints_from_path

    config = read_endpoints_from_path(args.endpoints).tracker_store
    if config is None:
        print(f"{args.endpoints} configures no tracker store: nothing is kept, nothing to delete.")
        return 0
    if args.days is not None:
        config.kwargs["retention_days"] = args.days
    config.kwargs["retention_at_start"] = False  # this command is the run
    store = TrackerStore.create(config)
    deleted = store.delete_expired() if hasattr(store, "delete_expired") else None
    if deleted is None:
        print(f"The tracker store {config.type!r} has no retention; nothing deleted.")
        return 1
    print(f"Deleted {deleted} events older than {store.retention_days:g} days.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
