"""Start the bot (Rasa server, optionally the action server) for tests and benchmarks.

    with running_bot(model, port=5105, actions_port=5155) as url:
        ...  # url == "http://127.0.0.1:5105"

Everything listens on 127.0.0.1, start-up is bounded in time, and both processes are
stopped (and their logs kept under results/logs/) when the block ends. The action server
is started as `make run` starts it (actions/server.py) and requires ACTION_TOKEN, a random
secret of this process, which the Rasa servers started here send. The per-client rate
limit is off unless `env` turns it on: the tools here are one client sending for many
users (the per-sender limit stays on). With `api_secret`, Rasa is started as `make run`
starts it (scripts/rasa_quiet.py), the secret in its environment and not its arguments.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import signal
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Iterator, List, Optional, Tuple

from api_secret import bearer_token

ROOT = Path(__file__).resolve().parent.parent
RASA = str(ROOT / ".venv" / "bin" / "rasa")
PYTHON = str(ROOT / ".venv" / "bin" / "python")
TOOLS_ENV = {"CLIENT_RATE_LIMIT_PER_MINUTE": "0"}
START_TIMEOUT_S = 240
ACTION_TOKEN = os.environ.get("ACTION_SERVER_TOKEN") or secrets.token_urlsafe(32)


def wait_until_up(
    url: str,
    timeout: float = START_TIMEOUT_S,
    process: Optional[subprocess.Popen] = None,
    headers: Optional[dict] = None,
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"process exited with {process.returncode} before {url} answered")
        try:
            with urllib.request.urlopen(urllib.request.Request(url, headers=headers or {}), timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(1)
    raise TimeoutError(f"{url} not up after {timeout} s")


def _start(args: list, log_name: str, env: Optional[dict] = None) -> subprocess.Popen:
    logs = ROOT / "results" / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    log = open(logs / log_name, "w")
    return subprocess.Popen(
        args,
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
        env={
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "TF_CPP_MIN_LOG_LEVEL": "2",
            "RASA_TELEMETRY_ENABLED": "false",
            **(env or {}),
        },
    )


def stop(process: subprocess.Popen) -> None:
    """SIGTERM the process group, then SIGKILL if it does not go within 20 s."""
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


@contextlib.contextmanager
def action_server(port: int) -> Iterator[subprocess.Popen]:
    process = _start(
        [str(ROOT / ".venv" / "bin" / "python"), "-m", "actions.server", "--port", str(port)],
        f"actions-{port}.log",
        {"ACTION_SERVER_TOKEN": ACTION_TOKEN},
    )
    try:
        wait_until_up(f"http://127.0.0.1:{port}/health", process=process)
        yield process
    finally:
        stop(process)


def _start_rasa(
    model: str,
    port: int,
    actions_port: int,
    endpoints_extra: str,
    env: Optional[dict],
    cors: tuple,
    api_secret: Optional[str] = None,
) -> Tuple[subprocess.Popen, str]:
    with tempfile.NamedTemporaryFile("w", suffix=".yml", delete=False) as endpoints:
        endpoints.write(
            f'action_endpoint:\n  url: "http://127.0.0.1:{actions_port}/webhook"\n'
            f'  headers:\n    Authorization: "Bearer {ACTION_TOKEN}"\n{endpoints_extra}'
        )
    launcher = [PYTHON, str(ROOT / "scripts" / "rasa_quiet.py")] if api_secret else [RASA]
    process = _start(
        [
            *launcher,
            "run",
            "--model",
            model,
            "--enable-api",
            "--interface",
            "127.0.0.1",
            "--port",
            str(port),
            "--endpoints",
            endpoints.name,
            "--credentials",
            str(ROOT / "credentials.yml"),
        ]
        + (["--cors", *cors] if cors else []),
        f"rasa-{port}.log",
        {
            "ACTIONS_PORT": str(actions_port),
            **TOOLS_ENV,
            **(env or {}),
            **({"RASA_JWT_SECRET": api_secret} if api_secret else {}),
        },
    )
    return process, endpoints.name


@contextlib.contextmanager
def rasa_server(
    model: str,
    port: int,
    actions_port: int,
    endpoints_extra: str = "",
    env: Optional[dict] = None,
    cors: tuple = (),
    start_timeout: float = START_TIMEOUT_S,
    api_secret: Optional[str] = None,
) -> Iterator[subprocess.Popen]:
    """The Rasa server, pointed at an action server on actions_port (which may be down)."""
    process, endpoints = _start_rasa(model, port, actions_port, endpoints_extra, env, cors, api_secret)
    try:
        wait_until_up(
            f"http://127.0.0.1:{port}/status",
            timeout=start_timeout,
            process=process,
            headers={"Authorization": f"Bearer {bearer_token(api_secret)}"} if api_secret else None,
        )
        yield process
    finally:
        stop(process)
        os.unlink(endpoints)


@contextlib.contextmanager
def rasa_servers(
    model: str,
    ports: List[int],
    actions_port: int,
    endpoints_extra: str = "",
    env: Optional[dict] = None,
    start_timeout: float = START_TIMEOUT_S,
) -> Iterator[List[subprocess.Popen]]:
    """Several Rasa servers with the same endpoints (shared stores), started side by side."""
    started: List[Tuple[subprocess.Popen, str]] = []
    try:
        for port in ports:
            started.append(_start_rasa(model, port, actions_port, endpoints_extra, env, ()))
        deadline = time.monotonic() + start_timeout
        for port, (process, _) in zip(ports, started):
            wait_until_up(
                f"http://127.0.0.1:{port}/status", timeout=max(1.0, deadline - time.monotonic()), process=process
            )
        yield [process for process, _ in started]
    finally:
        for process, endpoints in started:
            stop(process)
            os.unlink(endpoints)


@contextlib.contextmanager
def running_bot(model: str, port: int = 5105, actions_port: int = 5155, cors: tuple = ()) -> Iterator[str]:
    """Action server and Rasa server together; yields the Rasa base URL."""
    with action_server(actions_port), rasa_server(model, port, actions_port, cors=cors):
        yield f"http://127.0.0.1:{port}"
