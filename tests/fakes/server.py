"""A tiny aiohttp server on 127.0.0.1 in its own thread, recording the calls it gets.

Why a thread: the bot's async clients and the blocking webhook script (urllib) can both
talk to it without sharing, or blocking, the test's event loop.
"""

import asyncio
import threading
import time
from typing import Any, Dict, List

from aiohttp import web

WAIT = 5  # seconds: upper bound for start, stop and waiting for a call


class FakeServer:
    """Subclasses add routes in `routes`; `calls` holds {"method": ..., "params": ...}."""

    def __init__(self) -> None:
        self.calls: List[Dict[str, Any]] = []
        self._lock = threading.Lock()
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._runner: web.AppRunner = None
        self.port = 0

    def routes(self, app: web.Application) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def record(self, method: str, params: Dict[str, Any], **extra: Any) -> None:
        with self._lock:
            self.calls.append({"method": method, "params": params, **extra})

    def calls_to(self, method: str) -> List[Dict[str, Any]]:
        with self._lock:
            return [call for call in self.calls if call["method"] == method]

    def reset(self) -> None:
        with self._lock:
            self.calls.clear()

    async def _start(self) -> None:
        app = web.Application()
        self.routes(app)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]

    def start(self) -> "FakeServer":
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self._start(), self._loop).result(WAIT)
        return self

    def stop(self) -> None:
        asyncio.run_coroutine_threadsafe(self._runner.cleanup(), self._loop).result(WAIT)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(WAIT)

    async def wait_for(self, method: str, count: int = 1, timeout: float = WAIT) -> List[Dict]:
        """The calls to `method` once there are `count` of them; fails after `timeout`."""
        deadline = time.monotonic() + timeout
        while len(self.calls_to(method)) < count:
            assert time.monotonic() < deadline, f"no {count} x {method} in {timeout}s: {self.calls}"
            await asyncio.sleep(0.02)
        return self.calls_to(method)


async def read_params(request: web.Request) -> Dict[str, Any]:
    """JSON or form body, and the query string (some Web API calls send their arguments there), as a dict."""
    if request.content_type == "application/json":
        return {**request.query, **await request.json()}
    return {**request.query, **dict(await request.post())}
