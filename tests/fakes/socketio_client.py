"""A python-socketio client for the widget's channel, as tests use it; every wait bounded."""

import asyncio

import socketio

WAIT = 5  # seconds: upper bound for anything that should happen
QUIET = 0.5  # seconds: how long "nothing arrives" is watched


class Client:
    """A python-socketio client that queues what the server sends."""

    def __init__(self):
        self.sio = socketio.AsyncClient(reconnection=False)
        self.confirms, self.replies, self.tokens = asyncio.Queue(), asyncio.Queue(), asyncio.Queue()
        self.sio.on("session_confirm", lambda data: self.confirms.put_nowait(("confirm", data)))
        self.sio.on("session_busy", lambda data: self.confirms.put_nowait(("busy", data)))
        self.sio.on("session_token", self.tokens.put)
        self.sio.on("bot_uttered", self.replies.put)

    async def connect(self, url, origin=None):
        # Long-polling only: engineio's websocket client needs a newer aiohttp than
        # Rasa pins. The websocket transport is covered by test_only_cors_origins_may_connect.
        await asyncio.wait_for(
            self.sio.connect(
                url, headers={"Origin": origin} if origin else {}, transports=["polling"], wait_timeout=WAIT
            ),
            WAIT,
        )
        return self

    async def ask(self, **data):
        """("confirm", {...}) or ("busy", {...}): the server's answer to a session request."""
        await self.sio.emit("session_request", data)
        return await asyncio.wait_for(self.confirms.get(), WAIT)

    async def session(self, **data):
        kind, answer = await self.ask(**data)
        assert kind == "confirm", answer
        return answer

    async def session_when_free(self, attempts=50, **data):
        """Ask until the session is not held (a closed connection is released asynchronously)."""
        for _ in range(attempts):
            kind, answer = await self.ask(**data)
            if kind == "confirm":
                return answer
            await asyncio.sleep(0.1)
        raise AssertionError("the session stayed busy")

    async def say(self, text, **extra):
        await self.sio.emit("user_uttered", {"message": text, **extra})

    async def reply(self):
        return await asyncio.wait_for(self.replies.get(), WAIT)

    async def assert_silent(self):
        await asyncio.sleep(QUIET)
        assert self.replies.empty(), self.replies.get_nowait()

    async def close(self):
        # Not sio.disconnect(): with Sanic the pending long-poll GET is only released by
        # the 25 s ping, so send CLOSE without waiting for it and stop the read loop.
        eio = self.sio.eio
        await asyncio.wait_for(eio.disconnect(abort=True), WAIT)
        for task in (eio.read_loop_task, eio.write_loop_task):
            if task:
                task.cancel()
                await asyncio.gather(task, return_exceptions=True)
