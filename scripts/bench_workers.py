"""Throughput of one Rasa server at 1 and at 2 Sanic workers (`make bench-workers`).

Rasa 3.6 reads SANIC_WORKERS (rasa/core/utils.py: number_of_sanic_workers) and uses more
than one worker only when the lock store is not the in-memory one, because each worker is a
separate process with its own memory. So the server runs here as it would scaled out: our
PostgreSQL tracker store and our Redis lock store (addons.lock_store.AtomicRedisLockStore), on
throwaway servers (scripts/services.py), plus the action server.

For each worker count: start the server, wait until every worker has loaded the model, warm
up, then USERS concurrent users (distinct sender ids) each send MESSAGES FAQ questions back to
back over REST. Prints throughput (msg/s), p50/p95 latency and errors for each, and the ratio.
Bounded: every request times out after 60 s and each run stops after --max-seconds.

    python scripts/bench_workers.py [--users 8] [--messages 25] [--workers 1 2]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
import uuid
from pathlib import Path
from typing import List, Optional

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from bot_process import action_server, rasa_server  # noqa: E402
from check_scaleout import faq_questions  # noqa: E402
from services import lock_store_yaml, postgres, redis, tracker_store_yaml  # noqa: E402

MODEL = str(ROOT / "models/twitch-assistant.tar.gz")
PG_PORT, REDIS_PORT, ACTIONS_PORT, RASA_PORT = 5832, 5879, 5855, 5805
REQUEST_TIMEOUT_S = 60
LOADED = "Rasa server is up and running"


def say(sender: str, text: str) -> List[dict]:
    body = json.dumps({"sender": sender, "message": text}).encode()
    request = urllib.request.Request(
        f"http://127.0.0.1:{RASA_PORT}/webhooks/rest/webhook", body, {"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=REQUEST_TIMEOUT_S) as response:
        return json.load(response)


def worker_processes(process: subprocess.Popen) -> int:
    """Sanic worker processes under the server (0 when the main process serves by itself)."""
    found = subprocess.run(["ps", "-o", "pid=", "--ppid", str(process.pid)], capture_output=True, text=True)
    return len(found.stdout.split())


def wait_for_workers(log: Path, workers: int, timeout: float = 240) -> None:
    """Each worker loads the model on its own; wait until all have said so."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if log.read_text(errors="replace").count(LOADED) >= workers:
            return
        time.sleep(1)
    raise TimeoutError(f"not all {workers} workers loaded the model within {timeout} s (see {log})")


def percentile(values: List[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def load(users: int, messages: int, questions: List[str], max_seconds: float) -> dict:
    latencies: List[float] = []
    errors: List[str] = []
    lock = threading.Lock()
    deadline = time.monotonic() + max_seconds
    run = uuid.uuid4().hex[:6]

    def user(number: int) -> None:
        sender = f"bench-{run}-{number}"
        for turn in range(messages):
            if time.monotonic() > deadline:
                with lock:
                    errors.append("not sent: --max-seconds reached")
                continue
            text = questions[(number * messages + turn) % len(questions)]
            started = time.monotonic()
            try:
                replies = say(sender, text)
                ok = bool(replies) and any(reply.get("text") for reply in replies)
                problem: Optional[str] = None if ok else "empty reply"
            except Exception as error:  # noqa: BLE001 - counted as an error
                problem = f"{type(error).__name__}: {error}"
            elapsed = time.monotonic() - started
            with lock:
                if problem:
                    errors.append(problem)
                else:
                    latencies.append(elapsed)

    threads = [threading.Thread(target=user, args=(number,), daemon=True) for number in range(users)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=max(1.0, deadline - time.monotonic()) + REQUEST_TIMEOUT_S)
    wall = time.monotonic() - started
    return {
        "messages": len(latencies) + len(errors),
        "answered": len(latencies),
        "errors": len(errors),
        "first_errors": errors[:3],
        "seconds": wall,
        "throughput": len(latencies) / wall if wall else 0.0,
        "p50_ms": 1000 * statistics.median(latencies) if latencies else float("nan"),
        "p95_ms": 1000 * percentile(latencies, 0.95) if latencies else float("nan"),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=8)
    parser.add_argument("--messages", type=int, default=25, help="messages per user")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--max-seconds", type=float, default=180, help="cut-off for each load run")
    args = parser.parse_args()
    if not Path(MODEL).exists():
        print(f"no model at {MODEL}: run `make train`")
        return 1
    questions = faq_questions(24)
    log = ROOT / "results" / "logs" / f"rasa-{RASA_PORT}.log"
    print(
        f"{args.users} users x {args.messages} FAQ messages each, back to back, over REST; "
        f"PostgreSQL tracker store + Redis lock store",
        flush=True,
    )
    results = {}
    with contextlib.ExitStack() as stack:
        database = stack.enter_context(postgres(PG_PORT))
        red = stack.enter_context(redis(REDIS_PORT))
        stack.enter_context(action_server(ACTIONS_PORT))
        endpoints = tracker_store_yaml(database) + lock_store_yaml(red)
        for workers in args.workers:
            with rasa_server(
                MODEL, RASA_PORT, ACTIONS_PORT, endpoints_extra=endpoints, env={"SANIC_WORKERS": str(workers)}
            ) as process:
                wait_for_workers(log, workers)
                processes = worker_processes(process)
                for number in range(3):  # warm-up, not measured
                    say(f"warmup-{workers}-{number}", questions[number])
                load_before = os.getloadavg()[0]
                result = load(args.users, args.messages, questions, args.max_seconds)
                result["processes"] = processes
                result["loadavg"] = load_before
                results[workers] = result
            print(
                f"SANIC_WORKERS={workers} ({processes} worker processes): {result['answered']}/{result['messages']} answered "
                f"in {result['seconds']:.1f} s = {result['throughput']:.2f} msg/s, p50 {result['p50_ms']:.0f} ms, "
                f"p95 {result['p95_ms']:.0f} ms, errors {result['errors']} "
                f"(machine load average before: {result['loadavg']:.1f} on {os.cpu_count()} CPUs)"
                + (f" {result['first_errors']}" if result["errors"] else ""),
                flush=True,
            )
    if len(results) >= 2:
        low, high = min(results), max(results)
        ratio = results[high]["throughput"] / results[low]["throughput"] if results[low]["throughput"] else float("nan")
        print(
            f"throughput {high} workers / {low} worker: {ratio:.2f}x; "
            f"p95 {results[high]['p95_ms']:.0f} ms vs {results[low]['p95_ms']:.0f} ms",
            flush=True,
        )
    return 0 if all(result["errors"] == 0 for result in results.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
