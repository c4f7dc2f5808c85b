"""A bounded queue in front of the NLU: load beyond it gets an explicit busy reply at once.

Why: Rasa 3.6 starts every message it is given at once on its one event loop, so under
load every user waits longer and longer; at 500 concurrent senders another user waited
6.3 s (p95) and 82 action calls failed as the action server fell behind, dropping those
check turns. Here every channel hands its messages to Rasa through one gate per server
process (they share the event loop):
  - at most `max_in_flight` messages are being handled at once (Rasa and the action server
    never see more);
  - up to `max_waiting` more wait their turn in order, each at most `max_wait_s`;
  - any other message is not read at all, and its sender gets the domain's `utter_busy`
    ("busy, try again in a moment", with the emergency line: an unread message cannot be
    recognised as an emergency). REST answers it as 503 with Retry-After - the one 5xx for
    user input, on purpose: the server is overloaded, and clients retry a 503 - and the
    widget, Slack and Telegram as a chat message.
A message is either answered or told "busy"; none waits for seconds on end or vanishes.

Settings: ADMISSION_MAX_IN_FLIGHT (default 8), ADMISSION_MAX_WAITING (64),
ADMISSION_MAX_WAIT_S (2); ADMISSION_MAX_IN_FLIGHT=0 turns the gate off.
"""

import asyncio
import contextlib
import logging
import math
import os
from collections import deque
from typing import Any, AsyncIterator, Deque, Mapping, Optional, Text

logger = logging.getLogger(__name__)

BUSY_RESPONSE = "utter_busy"
IN_FLIGHT_ENV, WAITING_ENV, WAIT_ENV = "ADMISSION_MAX_IN_FLIGHT", "ADMISSION_MAX_WAITING", "ADMISSION_MAX_WAIT_S"
# Enough to overlap one message's action call and store writes with another's NLU; more
# only makes each of them slower (the NLU is CPU-bound on one event loop).
DEFAULT_IN_FLIGHT = 8
DEFAULT_WAITING = 64  # about 2 s of work at ~30 ms of server CPU per message
DEFAULT_WAIT_S = 2.0
RETRY_AFTER_S = 5


class Busy(Exception):
    """The message was not admitted: the server is at capacity."""

    def __init__(self, retry_after_s: float = RETRY_AFTER_S) -> None:
        super().__init__("busy")
        self.retry_after_s = retry_after_s

    @property
    def retry_after_header(self) -> Text:
        return str(max(1, math.ceil(self.retry_after_s)))


class Admission:
    """At most `max_in_flight` holders; a bounded, time-limited FIFO of waiters; the rest Busy."""

    def __init__(
        self,
        max_in_flight: int = DEFAULT_IN_FLIGHT,
        max_waiting: int = DEFAULT_WAITING,
        max_wait_s: float = DEFAULT_WAIT_S,
    ) -> None:
        self.max_in_flight, self.max_waiting, self.max_wait_s = int(max_in_flight), int(max_waiting), max_wait_s
        self.in_flight = 0
        self.shed = 0  # messages answered "busy" since start (logged, for operators)
        self._waiters: Deque[asyncio.Future] = deque()

    @classmethod
    def from_env(cls, env: Optional[Mapping[str, str]] = None) -> "Admission":
        env = os.environ if env is None else env
        return cls(
            int(env.get(IN_FLIGHT_ENV) or DEFAULT_IN_FLIGHT),
            int(env.get(WAITING_ENV) or DEFAULT_WAITING),
            float(env.get(WAIT_ENV) or DEFAULT_WAIT_S),
        )

    @property
    def enabled(self) -> bool:
        return self.max_in_flight > 0

    @property
    def waiting(self) -> int:
        return len(self._waiters)

    @contextlib.asynccontextmanager
    async def slot(self) -> AsyncIterator[None]:
        """Hold one place while the block runs; raises Busy (before the block) when full."""
        if not self.enabled:
            yield
            return
        await self._acquire()
        try:
            yield
        finally:
            self._release()

    async def _acquire(self) -> None:
        if self.in_flight < self.max_in_flight and not self._waiters:
            self.in_flight += 1
            return
        if len(self._waiters) >= self.max_waiting:
            self._refuse("the queue is full")
        loop = asyncio.get_running_loop()
        waiter = loop.create_future()
        self._waiters.append(waiter)
        timer = loop.call_later(self.max_wait_s, lambda: waiter.done() or waiter.set_exception(Busy()))
        try:
            await waiter  # the releasing holder hands its place over (in_flight unchanged)
        except Busy:
            self._refuse(f"waited {self.max_wait_s:g} s")
        except asyncio.CancelledError:
            if waiter.done() and not waiter.cancelled() and waiter.exception() is None:
                self._release()  # handed a place just as the request went away: pass it on
            raise
        finally:
            timer.cancel()
            if waiter in self._waiters:
                self._waiters.remove(waiter)

    def _refuse(self, why: Text) -> None:
        self.shed += 1
        if self.shed == 1 or self.shed % 100 == 0:  # a line per hundred, not one per message
            logger.warning("Server busy (%s): %d message(s) answered busy so far.", why, self.shed)
        raise Busy()

    def _release(self) -> None:
        while self._waiters:
            waiter = self._waiters.popleft()
            if not waiter.done():
                waiter.set_result(None)
                return
        self.in_flight -= 1


GATE = Admission.from_env()  # one per Rasa server process, shared by every channel


def busy_text(app: Any) -> Optional[Text]:
    """The domain's `utter_busy` text from the Rasa server's loaded model, or None."""
    agent = getattr(getattr(app, "ctx", None), "agent", None)
    domain = getattr(agent, "domain", None)
    variants = (getattr(domain, "responses", None) or {}).get(BUSY_RESPONSE) or []
    text = variants[0].get("text") if variants else None
    if not text:
        logger.error("The model's domain has no %s response: the busy reply cannot be sent.", BUSY_RESPONSE)
    return text
