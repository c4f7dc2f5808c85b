"""Load over the widget's channel, socket.io (used by scripts/bench.py --socketio-users N).

Each simulated user connects like the widget (allowed Origin, session_request, then
user_uttered), with a think time between messages. Latency is the time from sending a
message to the first bot_uttered, which is what a user waits for before the typing dots
go. Long-polling transport: engineio's websocket client needs a newer aiohttp than Rasa
pins. Bounded in time: users stop starting messages at the end of the duration.
"""

from __future__ import annotations

import asyncio
import random
import time
from typing import Callable, Dict, List

import socketio

CONNECT_TIMEOUT_S = 30
REPLY_TIMEOUT_S = 30


async def _user(
    url: str,
    origin: str,
    conversation: Callable[[random.Random], List[str]],
    think: float,
    end: float,
    rng: random.Random,
    results: List[Dict],
) -> None:
    client = socketio.AsyncClient(reconnection=False)
    confirms: asyncio.Queue = asyncio.Queue()
    replies: asyncio.Queue = asyncio.Queue()
    client.on("session_confirm", confirms.put)
    client.on("bot_uttered", replies.put)
    try:
        await asyncio.wait_for(
            client.connect(url, headers={"Origin": origin}, transports=["polling"], wait_timeout=CONNECT_TIMEOUT_S),
            CONNECT_TIMEOUT_S,
        )
        await client.emit("session_request", {})
        await asyncio.wait_for(confirms.get(), CONNECT_TIMEOUT_S)
    except (asyncio.TimeoutError, socketio.exceptions.SocketIOError) as error:
        results.append({"ok": False, "latency": 0.0, "error": f"connect: {type(error).__name__}"})
        return
    try:
        await asyncio.sleep(rng.uniform(0, think) if think > 0 else 0)
        while time.monotonic() < end:
            for message in conversation(rng):
                if time.monotonic() >= end:
                    return
                while not replies.empty():  # later bubbles of the previous answer
                    replies.get_nowait()
                started = time.perf_counter()
                await client.emit("user_uttered", {"message": message})
                try:
                    await asyncio.wait_for(replies.get(), REPLY_TIMEOUT_S)
                    results.append({"ok": True, "latency": time.perf_counter() - started, "error": None})
                except asyncio.TimeoutError:
                    results.append({"ok": False, "latency": REPLY_TIMEOUT_S, "error": "no reply"})
                if think > 0:
                    await asyncio.sleep(think * rng.uniform(0.8, 1.2))
    finally:
        eio = client.eio  # see tests/test_secure_socketio.py: don't wait for the long poll
        await asyncio.wait_for(eio.disconnect(abort=True), 10)
        for task in (eio.read_loop_task, eio.write_loop_task):
            if task:
                task.cancel()
                await asyncio.gather(task, return_exceptions=True)


async def socketio_load(
    url: str,
    origin: str,
    conversation: Callable[[random.Random], List[str]],
    users: int,
    think: float,
    duration: float,
    seed: int,
) -> Dict:
    """{"results": [{"ok", "latency", "error"}, ...], "elapsed_s", "unfinished_users"}; bench.py summarises."""
    results: List[Dict] = []
    started = time.monotonic()
    end = started + duration
    tasks = [
        asyncio.ensure_future(_user(url, origin, conversation, think, end, random.Random(f"{seed}:sio:{i}"), results))
        for i in range(users)
    ]
    _, pending = await asyncio.wait(tasks, timeout=duration + REPLY_TIMEOUT_S + think * 1.2 + 20)
    for task in pending:
        task.cancel()
    return {"results": results, "elapsed_s": max(time.monotonic() - started, 1e-9), "unfinished_users": len(pending)}
