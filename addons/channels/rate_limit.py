"""Per-sender and per-client rate limits for every channel: token buckets.

Why: one sender sending as fast as the server answers takes the single event loop from
everyone else. Each sender may send `burst` messages at once and `per_minute` after that;
a message over the limit never reaches the NLU. A sender is a conversation (or a platform
user); a widget connection counts as a sender too, so one connection cannot escape the
limit by starting new sessions. A client (an IP address, on REST and the widget) has a
limit of its own over all its senders, so one client rotating sender ids cannot do it
either: a flood of 20 rotating senders made another user's p95 4-6 times worse. Slack and
Telegram deliver every message from their own servers, so there the client is the
platform user, who has the per-sender limit. The channel answers it with SLOW_DOWN_REPLY
(REST: HTTP 429 with Retry-After), once per run of refused messages, so a flood does not
turn into a flood of notices. The reply includes the emergency line: a refused message is
never read, so it cannot be recognised as an emergency.

Settings: RATE_LIMIT_BURST (default 20) and RATE_LIMIT_PER_MINUTE (default 30; 0 turns the
limit off) per sender; CLIENT_RATE_LIMIT_BURST (40) and CLIENT_RATE_LIMIT_PER_MINUTE (30; 0
off) per client. Clients on this machine (loopback) are the operator's own tools and
evaluations, one client speaking for many users: the client limit leaves them alone unless
CLIENT_RATE_LIMIT_LOOPBACK=on (scripts/check_privacy.py sets it to test the limit itself). Behind a reverse proxy the client address is the proxy's unless Sanic is
told to trust its X-Forwarded-For (SANIC_PROXIES_COUNT=1 or SANIC_FORWARDED_SECRET). Buckets
are per Rasa server process; the oldest are forgotten beyond MAX_SENDERS.
"""

import math
import os
import threading
import time
from collections import OrderedDict
from typing import Callable, Mapping, NamedTuple, Optional, Text

from actions.loopback import is_loopback

BURST_ENV, RATE_ENV = "RATE_LIMIT_BURST", "RATE_LIMIT_PER_MINUTE"
DEFAULT_BURST = 20  # a check answered button by button, or a scripted test conversation
DEFAULT_PER_MINUTE = 30  # one message every 2 s, sustained: faster than anyone types on a phone
CLIENT_BURST_ENV, CLIENT_RATE_ENV = "CLIENT_RATE_LIMIT_BURST", "CLIENT_RATE_LIMIT_PER_MINUTE"
CLIENT_LOOPBACK_ENV = "CLIENT_RATE_LIMIT_LOOPBACK"
# A client may be a household behind one address: two people's bursts at once. Sustained,
# one busy sender's rate: at ~30 ms of server CPU per message, 30 a minute is ~1.5% of the
# server, so another user's message rarely meets one of the client's and their p95 stays
# put (scripts/check_privacy.py measures it; at 120 a minute it rose by ~1.3x). Where many
# people share an address (an office, a mobile carrier's NAT), raise it.
DEFAULT_CLIENT_BURST = 40
DEFAULT_CLIENT_PER_MINUTE = 30
MAX_SENDERS = 100_000

SLOW_DOWN_REPLY = (
    "You're sending messages faster than I can read them, so I haven't read your last one. "
    "Please wait a few seconds and send it again. "
    "If this is an emergency, call your local emergency number now."
)


class Decision(NamedTuple):
    allowed: bool
    retry_after_s: float = 0.0
    notify: bool = False  # the first refusal of a run: tell the sender once

    @property
    def retry_after_header(self) -> Text:
        return str(max(1, math.ceil(self.retry_after_s)))


class _Bucket:
    __slots__ = ("tokens", "updated", "notified")

    def __init__(self, tokens: float, updated: float) -> None:
        self.tokens, self.updated, self.notified = tokens, updated, False


class RateLimit:
    """Token buckets keyed by sender; thread-safe, bounded in memory."""

    def __init__(
        self,
        burst: int = DEFAULT_BURST,
        per_minute: float = DEFAULT_PER_MINUTE,
        clock: Callable[[], float] = time.monotonic,
        max_senders: int = MAX_SENDERS,
        exempt_loopback: bool = False,
    ) -> None:
        self.burst, self.rate = max(1, int(burst)), float(per_minute) / 60.0
        self.exempt_loopback = exempt_loopback
        self.clock, self.max_senders = clock, max_senders
        self._buckets: "OrderedDict[Text, _Bucket]" = OrderedDict()
        self._lock = threading.Lock()

    @property
    def enabled(self) -> bool:
        return self.rate > 0

    @classmethod
    def from_env(cls, env: Optional[Mapping[str, str]] = None) -> "RateLimit":
        """The per-sender limit."""
        env = os.environ if env is None else env
        return cls(int(env.get(BURST_ENV) or DEFAULT_BURST), float(env.get(RATE_ENV) or DEFAULT_PER_MINUTE))

    @classmethod
    def for_clients_from_env(cls, env: Optional[Mapping[str, str]] = None) -> "RateLimit":
        """The per-client limit."""
        env = os.environ if env is None else env
        return cls(
            int(env.get(CLIENT_BURST_ENV) or DEFAULT_CLIENT_BURST),
            float(env.get(CLIENT_RATE_ENV) or DEFAULT_CLIENT_PER_MINUTE),
            exempt_loopback=(env.get(CLIENT_LOOPBACK_ENV) or "").lower() != "on",
        )

    def check(self, sender: Text) -> Decision:
        """Take one message from `sender`'s bucket, or say when the next one will fit."""
        if not self.enabled or (self.exempt_loopback and is_loopback(sender)):
            return Decision(True)
        now = self.clock()
        with self._lock:
            bucket = self._buckets.pop(sender, None) or _Bucket(float(self.burst), now)
            bucket.tokens = min(float(self.burst), bucket.tokens + (now - bucket.updated) * self.rate)
            bucket.updated = now
            self._buckets[sender] = bucket  # most recently used last
            while len(self._buckets) > self.max_senders:
                self._buckets.popitem(last=False)
            if bucket.tokens >= 1.0:
                bucket.tokens -= 1.0
                bucket.notified = False
                return Decision(True)
            notify, bucket.notified = not bucket.notified, True
            return Decision(False, (1.0 - bucket.tokens) / self.rate, notify)
