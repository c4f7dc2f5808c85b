"""Redis lock store whose ticket operations are atomic, for more than one Rasa server.

Rasa 3.6's RedisLockStore changes a conversation's ticket lock with a separate GET and SET.
Two Rasa servers (or Sanic workers) that receive a message for the same conversation at the
same moment both read "no lock", both write a lock holding ticket 0, and both handle their
message at once: each saves the tracker it read, and one of the two turns is lost from the
tracker store (measured with two servers and a shared PostgreSQL store:
`scripts/check_scaleout.py --lock-store stock` loses messages; this store loses none).

This store keeps Rasa's ticket-lock protocol and its Redis layout (one JSON value per
conversation under `<key_prefix>:lock:<conversation id>`), but performs every
read-modify-write (issue a ticket, drop expired ones, finish serving, clean up) as one Redis
transaction (WATCH/MULTI/EXEC, retried on conflict). It also gives the key an expiry past the
last ticket, so a crashed server cannot leave a lock behind, polls for its turn every
`poll_interval` seconds instead of Rasa's fixed second, and refuses to start when Redis does
not answer, instead of failing every message later.

endpoints.yml:
    lock_store:
      type: addons.lock_store.AtomicRedisLockStore
      url: <host>
      port: 6379
      password: <password>
      db: 1
      key_prefix: twitch
"""

from __future__ import annotations

import json
import logging
import time
from contextlib import asynccontextmanager
from typing import Any, AsyncGenerator, Callable, Optional, Text, Tuple

from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, LockError, RedisLockStore
from rasa.utils.endpoints import EndpointConfig

logger = logging.getLogger(__name__)

DEFAULT_POLL_INTERVAL_S = 0.1
MAX_TRANSACTION_ATTEMPTS = 200
EXPIRY_MARGIN_S = 5


class AtomicRedisLockStore(RedisLockStore):
    """RedisLockStore with atomic ticket operations (safe across servers and workers)."""

    def __init__(self, endpoint_config: Optional[EndpointConfig] = None, **kwargs: Any) -> None:
        # Rasa creates custom lock stores with the endpoint configuration only.
        if endpoint_config is not None:
            kwargs = {"host": endpoint_config.url or "localhost", **endpoint_config.kwargs, **kwargs}
        self.poll_interval = float(kwargs.pop("poll_interval", DEFAULT_POLL_INTERVAL_S))
        super().__init__(**kwargs)
        try:
            self.red.ping()
        except Exception as error:  # any failure here would fail every message later
            where = f"{kwargs.get('host', 'localhost')}:{kwargs.get('port', 6379)}"
            message = (
                f"Cannot reach the Redis lock store on {where}: {type(error).__name__}. "
                "Refusing to start, because no message could be handled without its lock."
            )
            logger.critical(message)
            raise SystemExit(message) from error
        logger.info(f"Conversation locks are kept in Redis under '{self.key_prefix}'.")

    def _atomically(
        self, conversation_id: Text, change: Callable[[Optional[TicketLock]], Tuple[Optional[TicketLock], Any]]
    ) -> Any:
        """Read the lock, apply `change`, write the result (or delete it if it holds no ticket), atomically."""
        import redis

        key = self.key_prefix + conversation_id
        for _ in range(MAX_TRANSACTION_ATTEMPTS):
            with self.red.pipeline() as pipe:
                try:
                    pipe.watch(key)
                    stored = pipe.get(key)
                    lock = TicketLock.from_dict(json.loads(stored)) if stored else None
                    new_lock, result = change(lock)
                    pipe.multi()
                    if new_lock is None or not new_lock.tickets:
                        pipe.delete(key)
                    else:
                        last_expiry = max(ticket.expires for ticket in new_lock.tickets)
                        expire_ms = max(1, int((last_expiry - time.time() + EXPIRY_MARGIN_S) * 1000))
                        pipe.set(key, new_lock.dumps(), px=expire_ms)
                    pipe.execute()
                    return result
                except redis.WatchError:
                    continue  # someone else changed the lock in between: read it again
        raise LockError(f"Could not update the lock for conversation '{conversation_id}': too much contention.")

    def issue_ticket(self, conversation_id: Text, lock_lifetime: float = LOCK_LIFETIME) -> int:
        def issue(lock: Optional[TicketLock]) -> Tuple[TicketLock, int]:
            lock = lock or self.create_lock(conversation_id)
            return lock, lock.issue_ticket(lock_lifetime)

        try:
            return self._atomically(conversation_id, issue)
        except LockError:
            raise
        except Exception as error:
            raise LockError(f"Error while acquiring lock. Error:\n{error}") from error

    def update_lock(self, conversation_id: Text) -> None:
        def drop_expired(lock: Optional[TicketLock]) -> Tuple[Optional[TicketLock], None]:
            if lock is not None:
                lock.remove_expired_tickets()
            return lock, None

        self._atomically(conversation_id, drop_expired)

    def finish_serving(self, conversation_id: Text, ticket_number: int) -> None:
        def finish(lock: Optional[TicketLock]) -> Tuple[Optional[TicketLock], None]:
            if lock is not None:
                lock.remove_ticket_for(ticket_number)
            return lock, None

        self._atomically(conversation_id, finish)

    def cleanup(self, conversation_id: Text, ticket_number: int) -> None:
        """Finish serving; the lock goes when no ticket is left, in the same transaction."""
        self.finish_serving(conversation_id, ticket_number)

    @asynccontextmanager
    async def lock(
        self,
        conversation_id: Text,
        lock_lifetime: float = LOCK_LIFETIME,
        wait_time_in_seconds: Optional[float] = None,
    ) -> AsyncGenerator[TicketLock, None]:
        """Rasa's ticket lock, polling every `poll_interval` seconds for our turn."""
        ticket = self.issue_ticket(conversation_id, lock_lifetime)
        try:
            yield await self._acquire_lock(conversation_id, ticket, wait_time_in_seconds or self.poll_interval)
        finally:
            self.cleanup(conversation_id, ticket)
