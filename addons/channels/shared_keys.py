"""Short-lived keys the channels share: delivered event ids, revoked widget sessions.

With one Rasa server they live in its memory (bounded, oldest dropped). When the lock
store is Redis - the set-up for several Rasa servers (docs/scaleout.md) - they live in that
Redis, so a Slack retry that reaches another server is still recognised, and a widget
session revoked on one server is revoked on all.
"""

import logging
import threading
import time
from collections import OrderedDict
from typing import Any, Callable, Dict, Optional, Text

logger = logging.getLogger(__name__)

MAX_LOCAL_KEYS = 100_000
REDIS_PREFIX = "twitch:channels:"


class LocalKeys:
    """Keys with a lifetime, in this process's memory."""

    def __init__(self, max_keys: int = MAX_LOCAL_KEYS, clock: Callable[[], float] = time.monotonic) -> None:
        self.max_keys, self.clock = max_keys, clock
        self._expires: "OrderedDict[Text, float]" = OrderedDict()
        self._lock = threading.Lock()

    def _set(self, key: Text, expires: float, now: float) -> None:
        self._expires[key] = expires
        self._expires.move_to_end(key)
        # Oldest first: with one lifetime per use, also the first to expire.
        while self._expires and (len(self._expires) > self.max_keys or next(iter(self._expires.values())) <= now):
            self._expires.popitem(last=False)

    def add_if_new(self, key: Text, ttl_s: float) -> bool:
        """Record `key`; True if it was not there (atomic)."""
        now = self.clock()
        with self._lock:
            if self._expires.get(key, 0) > now:
                return False
            self._set(key, now + ttl_s, now)
            return True

    def add(self, key: Text, ttl_s: float) -> None:
        now = self.clock()
        with self._lock:
            self._set(key, now + ttl_s, now)

    def contains(self, key: Text) -> bool:
        with self._lock:
            return self._expires.get(key, 0) > self.clock()

    def discard(self, key: Text) -> None:
        with self._lock:
            self._expires.pop(key, None)


class RedisKeys:
    """The same operations on a Redis server (the lock store's), one command each."""

    def __init__(self, client: Any, prefix: Text = REDIS_PREFIX) -> None:
        self.client, self.prefix = client, prefix

    def add_if_new(self, key: Text, ttl_s: float) -> bool:
        return bool(self.client.set(self.prefix + key, b"1", nx=True, ex=max(1, int(ttl_s))))

    def add(self, key: Text, ttl_s: float) -> None:
        self.client.set(self.prefix + key, b"1", ex=max(1, int(ttl_s)))

    def contains(self, key: Text) -> bool:
        return bool(self.client.exists(self.prefix + key))

    def discard(self, key: Text) -> None:
        self.client.delete(self.prefix + key)


class ChannelKeys:
    """The keys of one running server: in Redis when its lock store is Redis, else local.

    Decided at first use, when Rasa has loaded its agent (and so its lock store).
    """

    def __init__(self) -> None:
        self._local = LocalKeys()
        self._by_app: Dict[int, Any] = {}

    def for_app(self, app: Optional[Any]) -> Any:
        if app is None:
            return self._local
        found = self._by_app.get(id(app))
        if found is None:
            agent = getattr(getattr(app, "ctx", None), "agent", None)
            client = getattr(getattr(agent, "lock_store", None), "red", None)
            if agent is None:
                return self._local  # the agent is not loaded yet: decide later
            found = RedisKeys(client) if client is not None else self._local
            self._by_app[id(app)] = found
            logger.info(
                "Channel keys (deliveries, revoked sessions) kept in %s.",
                "the lock store's Redis" if client is not None else "this server's memory",
            )
        return found


def first_delivery(keys: Any, ttl_s: float, *names: Text) -> bool:
    """Record `names` for `ttl_s`; True unless one was recorded already (already handled).

    If the record cannot be reached, the delivery counts as first: a duplicate reply is
    better than a lost message.
    """
    try:
        return all([keys.add_if_new(name, ttl_s) for name in names])
    except Exception as error:
        logger.warning("Could not check a delivery record (%s); handling it.", type(error).__name__)
        return True
