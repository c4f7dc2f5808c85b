"""Throwaway PostgreSQL and Redis servers for the scale-out checks and benchmarks.

    with postgres(5832) as db, redis(5879) as red:
        db   == {"host": "127.0.0.1", "port": 5832, "db": "rasa", "username": "rasa", "password": "..."}
        red  == {"host": "127.0.0.1", "port": 5879, "password": "..."}

Each server gets a fresh data directory under /tmp, listens on 127.0.0.1 only, starts within a
bounded time and is stopped (and its directory removed) when the block ends, also on failure.
PostgreSQL refuses to run as root, so as root it runs as the `postgres` system user (created by
Debian's postgresql package) with `runuser`. Passwords are random per run. Logs are kept under
results/logs/. Binaries: Debian's postgresql and redis-server packages (.ci/run installs them).
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Iterator, List, Optional

ROOT = Path(__file__).resolve().parent.parent
LOGS = ROOT / "results" / "logs"
START_TIMEOUT_S = 60
STOP_TIMEOUT_S = 20
MISSING = "run .ci/run or apt-get install postgresql redis-server"


class ServiceError(RuntimeError):
    """A throwaway server could not be found, started or set up."""


def postgres_bin_dir() -> Path:
    """Directory holding initdb and postgres: Debian's /usr/lib/postgresql/<newest>/bin, or PATH."""
    candidates = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/postgres"),
        key=lambda path: int(Path(path).parent.parent.name) if Path(path).parent.parent.name.isdigit() else 0,
    )
    if candidates:
        return Path(candidates[-1]).parent
    found = shutil.which("postgres")
    if found and shutil.which("initdb"):
        return Path(found).parent
    raise ServiceError(f"PostgreSQL server binaries (initdb, postgres) not found: {MISSING}")


def redis_binary() -> str:
    found = shutil.which("redis-server") or (
        "/usr/bin/redis-server" if os.path.exists("/usr/bin/redis-server") else None
    )
    if not found:
        raise ServiceError(f"redis-server not found: {MISSING}")
    return found


def port_is_free(port: int) -> bool:
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _require_free(port: int, what: str) -> None:
    if not port_is_free(port):
        raise ServiceError(f"port {port} for {what} is already in use on 127.0.0.1 (a leftover run? stop it first)")


def _as_service_user() -> tuple:
    """(command prefix, uid, gid): as root, run as the `postgres` user; otherwise as ourselves."""
    if os.geteuid() != 0:
        return [], os.getuid(), os.getgid()
    try:
        user = pwd.getpwnam("postgres")
    except KeyError as error:
        raise ServiceError(f"running as root but there is no `postgres` system user: {MISSING}") from error
    runuser = shutil.which("runuser") or "/usr/sbin/runuser"
    return [runuser, "-u", "postgres", "--"], user.pw_uid, user.pw_gid


def _start(args: List[str], log_name: str, cwd: Optional[str] = None) -> subprocess.Popen:
    LOGS.mkdir(parents=True, exist_ok=True)
    log = open(LOGS / log_name, "w")
    return subprocess.Popen(
        args, cwd=cwd or "/", stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True
    )


def _stop(process: subprocess.Popen, first_signal: int) -> None:
    """Signal the whole process group, then SIGKILL it if it has not gone within STOP_TIMEOUT_S."""
    if process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, first_signal)
    try:
        process.wait(timeout=STOP_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


def _wait_for(ready, process: subprocess.Popen, what: str, log_name: str, timeout: float = START_TIMEOUT_S) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise ServiceError(f"{what} exited with {process.returncode} while starting; see {LOGS / log_name}")
        if ready():
            return
        time.sleep(0.3)
    raise ServiceError(f"{what} not ready after {timeout:.0f} s; see {LOGS / log_name}")


def _run(args: List[str], what: str, timeout: float = START_TIMEOUT_S, **kwargs) -> str:
    try:
        done = subprocess.run(args, capture_output=True, text=True, timeout=timeout, **kwargs)
    except subprocess.TimeoutExpired as error:
        raise ServiceError(f"{what} took more than {timeout:.0f} s") from error
    if done.returncode != 0:
        raise ServiceError(f"{what} failed ({done.returncode}): {(done.stderr or done.stdout)[-500:]}")
    return done.stdout


@contextlib.contextmanager
def postgres(port: int, db: str = "rasa", username: str = "rasa") -> Iterator[dict]:
    """A fresh PostgreSQL cluster on 127.0.0.1:port with database `db` owned by `username`.

    Password authentication (scram-sha-256) over TCP, as in production; the superuser is only
    reachable through the Unix socket inside the temporary directory.
    """
    bin_dir = postgres_bin_dir()
    prefix, uid, gid = _as_service_user()
    _require_free(port, "PostgreSQL")
    password = secrets.token_hex(16)
    folder = tempfile.mkdtemp(prefix="twitch-pg-")
    data, sockets = os.path.join(folder, "data"), os.path.join(folder, "sock")
    os.makedirs(sockets)
    pwfile = os.path.join(folder, "superuser.pw")
    Path(pwfile).write_text(secrets.token_hex(16) + "\n")
    os.chmod(folder, 0o700)
    for path in (folder, sockets, pwfile):
        os.chown(path, uid, gid)
    log_name = f"postgres-{port}.log"
    process = None
    try:
        _run(
            prefix
            + [
                str(bin_dir / "initdb"),
                "-D",
                data,
                "-U",
                "postgres",
                "--pwfile",
                pwfile,
                "--auth-local=trust",
                "--auth-host=scram-sha-256",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
            ],
            "initdb",
            cwd="/",
        )
        process = _start(
            prefix
            + [
                str(bin_dir / "postgres"),
                "-D",
                data,
                "-p",
                str(port),
                "-c",
                "listen_addresses=127.0.0.1",
                "-c",
                f"unix_socket_directories={sockets}",
                "-c",
                "fsync=off",
                "-c",
                "full_page_writes=off",
                "-c",
                "max_connections=100",
            ],
            log_name,
        )
        pg_isready = bin_dir / "pg_isready" if (bin_dir / "pg_isready").exists() else shutil.which("pg_isready")

        def ready() -> bool:
            return (
                subprocess.run(
                    [str(pg_isready), "-q", "-h", sockets, "-p", str(port), "-U", "postgres"], timeout=10
                ).returncode
                == 0
            )

        _wait_for(ready, process, "PostgreSQL", log_name)
        psql = bin_dir / "psql" if (bin_dir / "psql").exists() else shutil.which("psql")
        sql = f"CREATE ROLE {username} LOGIN PASSWORD '{password}';\nCREATE DATABASE {db} OWNER {username};\n"
        _run(
            prefix
            + [
                str(psql),
                "-v",
                "ON_ERROR_STOP=1",
                "-q",
                "-h",
                sockets,
                "-p",
                str(port),
                "-U",
                "postgres",
                "-d",
                "postgres",
            ],
            "creating the rasa role and database",
            input=sql,
            cwd="/",
        )
        yield {"host": "127.0.0.1", "port": port, "db": db, "username": username, "password": password}
    finally:
        if process is not None:
            _stop(process, signal.SIGINT)  # SIGINT: PostgreSQL's "fast" shutdown
        shutil.rmtree(folder, ignore_errors=True)


@contextlib.contextmanager
def redis(port: int) -> Iterator[dict]:
    """A fresh Redis on 127.0.0.1:port, nothing persisted, password required."""
    binary = redis_binary()
    _require_free(port, "Redis")
    password = secrets.token_hex(16)
    folder = tempfile.mkdtemp(prefix="twitch-redis-")
    # The password goes in a config file, not on the command line (where `ps` shows it).
    config = os.path.join(folder, "redis.conf")
    Path(config).write_text(f"requirepass {password}\n")
    os.chmod(config, 0o600)
    log_name = f"redis-{port}.log"
    process = _start(
        [
            binary,
            config,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            folder,
            "--protected-mode",
            "yes",
        ],
        log_name,
        cwd=folder,
    )
    try:

        def ready() -> bool:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=2) as connection:
                    connection.sendall(f"AUTH {password}\r\nPING\r\n".encode())
                    connection.settimeout(2)
                    answer = b""
                    while b"PONG" not in answer and len(answer) < 200:
                        chunk = connection.recv(100)
                        if not chunk:
                            break
                        answer += chunk
                    return b"PONG" in answer
            except OSError:
                return False

        _wait_for(ready, process, "Redis", log_name)
        yield {"host": "127.0.0.1", "port": port, "password": password}
    finally:
        _stop(process, signal.SIGTERM)
        shutil.rmtree(folder, ignore_errors=True)


def tracker_store_yaml(database: dict, port: Optional[int] = None) -> str:
    """endpoints.yml section for our StrictSQLTrackerStore on this PostgreSQL (port overridable)."""
    return (
        "tracker_store:\n"
        "  type: addons.tracker_store.StrictSQLTrackerStore\n"
        "  dialect: postgresql\n"
        f"  url: {database['host']}\n"
        f"  port: {port or database['port']}\n"
        f"  db: {database['db']}\n"
        f"  username: {database['username']}\n"
        f"  password: '{database['password']}'\n"
    )


ATOMIC_LOCK_STORE = "addons.lock_store.AtomicRedisLockStore"
STOCK_LOCK_STORE = "redis"  # Rasa's own RedisLockStore


def lock_store_yaml(red: dict, key_prefix: str = "twitch", store_type: str = ATOMIC_LOCK_STORE) -> str:
    """endpoints.yml section for a Redis lock store on this Redis (ours by default, or Rasa's `redis`)."""
    return (
        "lock_store:\n"
        f"  type: {store_type}\n"
        f"  url: {red['host']}\n"
        f"  port: {red['port']}\n"
        f"  password: '{red['password']}'\n"
        "  db: 1\n"
        f"  key_prefix: {key_prefix}\n"
    )


if __name__ == "__main__":  # a quick self-check: start both, show where they are, stop both
    with postgres(5832) as database, redis(5879) as red:
        print("postgres", {k: v for k, v in database.items() if k != "password"})
        print("redis", {k: v for k, v in red.items() if k != "password"})
    print("both stopped")
