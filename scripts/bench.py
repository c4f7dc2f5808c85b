"""Load, latency and memory benchmark over the REST channel (`make bench`).

    python scripts/bench.py [--users 50] [--think 5] [--duration 60] [--messages 0]
                            [--soak 0] [--socketio-users 20] [--tracker-store sqlite|memory]
                            [--skip-plain] [--model models/twitch-assistant.tar.gz]

Prints figures; asserts nothing about wall-clock time (the machine is shared and noisy), so
compare the ratios against the plain `rasa init` bot measured in the same run, not the
absolute numbers. Exit code 0 unless a server did not start or the run was interrupted.

1. Load test: N simulated users, each with its own seeded RNG, run short realistic
   conversations (new sender id per conversation) with a think time jittered by +-20%, for
   --duration seconds (or --messages in total). Throughput, p50/p95/p99 latency of answered
   requests, errors (non-200, timeouts, connection errors), empty replies, CPU time per
   answered message of each server (from /proc: steadier than latency on a shared machine),
   and memory: the sum of VmHWM (peak RSS) and the peak of the sampled VmRSS over the
   process trees of the Rasa server and the action server (from /proc).
2. The same load, same users/think/duration/seed, against a plain `rasa init` bot (moodbot)
   with a conversation of the same length, then ours/plain ratios for throughput, p95 and
   memory. The plain bot is trained once (`rasa init --no-prompt`, ~2 min) in a temporary
   directory and cached under results/bench/plain-bot; delete that folder to retrain.
3. Latency against conversation length: one user, a 100-turn conversation (a cycle of ten
   FAQ questions and small talk), --length-runs times with fresh senders; median latency of
   turns 1-10 vs 91-100 and their ratio.
4. Soak (--soak N, off by default; 10000 is a reasonable size): N messages from many
   senders (--soak-concurrency at a time, no think time, at most --soak-timeout seconds);
   RSS of both servers at start and end, and growth %.

Tracker store: by default ours runs as in production, with the store of endpoints.yml
(addons.tracker_store.StrictSQLTrackerStore, which hands Rasa a recent window of the
conversation) on a fresh SQLite file in a temporary directory; the plain bot runs as
`rasa init` makes it, in memory. --tracker-store memory runs ours in memory too.

socket.io (--socketio-users, 20 by default): after the REST load, the same conversations over
the widget's channel (scripts/bench_socketio.py): throughput, time to first reply, errors.

Servers: ours on 127.0.0.1:5605 (action server 5655), the plain bot on 127.0.0.1:5705. Every
process started here is stopped at the end (also on Ctrl-C / SIGTERM). Figures also go to
results/bench/last_run.json.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable, Dict, List, Optional

import aiohttp

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from bench_socketio import socketio_load  # noqa: E402
from bot_process import RASA, action_server, rasa_server, stop, wait_until_up  # noqa: E402

WEBHOOK = "/webhooks/rest/webhook"
OUR_PORT, OUR_ACTIONS_PORT, PLAIN_PORT = 5605, 5655, 5705
SOCKETIO_ORIGIN = "http://127.0.0.1:8080"  # passed to --cors, as `make run` does for the widget page
PLAIN_CACHE = ROOT / "results" / "bench" / "plain-bot"
RESULTS_JSON = ROOT / "results" / "bench" / "last_run.json"
REQUEST_TIMEOUT_S = 60.0
PLAIN_TRAIN_TIMEOUT_S = 1800
LENGTH_TURNS = 100

# --- conversations ------------------------------------------------------------------

FAQ_QUESTIONS = [
    "what causes muscle twitching?",
    "why do my muscles twitch after exercise?",
    "is muscle twitching serious?",
    "can stress make my muscles twitch?",
    "when should I see a doctor about twitching?",
]


def our_conversation(rng: random.Random) -> List[str]:
    """Greeting, an FAQ question and a follow-up, then the symptom check to its outcome."""
    return [
        "hi",
        rng.choice(FAQ_QUESTIONS),
        "what about caffeine?",
        "my calf has twitched for three weeks",
        "no",
        "gradually",
        "/affirm",
        "thanks",
    ]


def plain_conversation(rng: random.Random) -> List[str]:
    """The moodbot's happy and sad paths, the same length (8 turns) as ours."""
    return [
        "hi",
        rng.choice(["I am sad", "I feel very unhappy", "not good"]),
        "yes",
        "are you a bot?",
        "hello",
        "I'm great",
        "thanks",
        "bye",
    ]


# One cycle of ten turns for the conversation-length test: FAQ questions and small talk, no
# symptom description, so the same ten messages are answered the same way in every cycle.
LENGTH_CYCLE = [
    "what causes muscle twitching?",
    "thanks",
    "can caffeine cause twitching?",
    "are you a bot?",
    "how long does twitching last?",
    "what can you do?",
    "is muscle twitching serious?",
    "hello",
    "how can I prevent muscle twitching?",
    "ok thank you",
]
# The same test against the plain bot, as a control: how much of any growth is Rasa's own.
PLAIN_LENGTH_CYCLE = [
    "hi",
    "I am sad",
    "yes",
    "are you a bot?",
    "I'm great",
    "hello",
    "not good",
    "no",
    "are you human?",
    "bye",
]

# --- process memory from /proc ------------------------------------------------------


def tree_pids(root_pid: int) -> List[int]:
    """root_pid and all its descendants."""
    children: Dict[int, List[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                ppid = int(stat.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry))
    pids, todo = [], [root_pid]
    while todo:
        pid = todo.pop()
        pids.append(pid)
        todo.extend(children.get(pid, []))
    return pids


def tree_memory_kb(root_pid: int) -> Dict[str, int]:
    """{"rss": sum VmRSS, "hwm": sum VmHWM} in kB over the process tree."""
    total = {"rss": 0, "hwm": 0}
    for pid in tree_pids(root_pid):
        try:
            with open(f"/proc/{pid}/status") as status:
                for line in status:
                    if line.startswith("VmRSS:"):
                        total["rss"] += int(line.split()[1])
                    elif line.startswith("VmHWM:"):
                        total["hwm"] += int(line.split()[1])
        except OSError:
            continue
    return total


def tree_cpu_s(root_pid: int) -> float:
    """User + system CPU seconds used so far by the process tree (threads included)."""
    ticks = 0
    for pid in tree_pids(root_pid):
        try:
            with open(f"/proc/{pid}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
            ticks += int(fields[11]) + int(fields[12])  # utime, stime
        except (OSError, IndexError, ValueError):
            continue
    return ticks / os.sysconf("SC_CLK_TCK")


def cpu_s(processes: Dict[str, subprocess.Popen]) -> Dict[str, float]:
    return {name: tree_cpu_s(p.pid) for name, p in processes.items()}


def memory_kb(processes: Dict[str, subprocess.Popen]) -> Dict[str, Dict[str, int]]:
    """Per named process tree, plus "total"."""
    out = {name: tree_memory_kb(p.pid) for name, p in processes.items()}
    out["total"] = {key: sum(v[key] for v in out.values()) for key in ("rss", "hwm")}
    return out


def mb(kb: float) -> float:
    return kb / 1024.0


# --- HTTP ---------------------------------------------------------------------------


async def send(session: aiohttp.ClientSession, url: str, sender: str, message: str) -> Dict:
    """One message: {"latency": s, "ok": bool, "empty": bool, "error": str|None}."""
    started = time.perf_counter()
    try:
        async with session.post(url + WEBHOOK, json={"sender": sender, "message": message}) as response:
            body = await response.read()
            latency = time.perf_counter() - started
            if response.status != 200:
                return {"latency": latency, "ok": False, "empty": False, "error": f"HTTP {response.status}"}
            replies = json.loads(body)
            if not isinstance(replies, list):
                return {"latency": latency, "ok": False, "empty": False, "error": "not a JSON list"}
            return {"latency": latency, "ok": True, "empty": not replies, "error": None}
    except (aiohttp.ClientError, asyncio.TimeoutError, ValueError) as error:
        return {"latency": time.perf_counter() - started, "ok": False, "empty": False, "error": type(error).__name__}


def percentile(values: List[float], p: float) -> float:
    """Nearest-rank percentile; nan for no values."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100.0 * len(ordered)) - 1)]


def new_session(limit: int) -> aiohttp.ClientSession:
    return aiohttp.ClientSession(
        connector=aiohttp.TCPConnector(limit=limit), timeout=aiohttp.ClientTimeout(total=REQUEST_TIMEOUT_S)
    )


# --- 1 and 2: load test -------------------------------------------------------------


async def load_test(
    url: str,
    conversation: Callable[[random.Random], List[str]],
    processes: Dict[str, subprocess.Popen],
    users: int,
    think: float,
    duration: float,
    max_messages: int,
    seed: int,
    tag: str,
) -> Dict:
    results: List[Dict] = []
    budget = {"left": max_messages if max_messages > 0 else float("inf")}
    peak_rss = {"kb": 0}
    done = asyncio.Event()
    started = time.monotonic()
    end = started + duration

    async def sample_memory() -> None:
        while not done.is_set():
            peak_rss["kb"] = max(peak_rss["kb"], memory_kb(processes)["total"]["rss"])
            try:
                await asyncio.wait_for(done.wait(), timeout=0.5)
            except asyncio.TimeoutError:
                pass

    async def user(index: int, session: aiohttp.ClientSession) -> None:
        rng = random.Random(f"{seed}:{index}")
        if think > 0:
            await asyncio.sleep(rng.uniform(0, think))  # users arrive spread over one think time
        conversation_no = 0
        while True:
            sender = f"bench-{tag}-u{index}-c{conversation_no}"
            for message in conversation(rng):
                if time.monotonic() >= end or budget["left"] <= 0:
                    return
                budget["left"] -= 1
                result = await send(session, url, sender, message)
                result["done_at"] = time.monotonic()
                result["message"] = message
                results.append(result)
                if think > 0:
                    await asyncio.sleep(think * rng.uniform(0.8, 1.2))
            conversation_no += 1

    sampler = asyncio.ensure_future(sample_memory())
    cpu_before = cpu_s(processes)
    async with new_session(users + 4) as session:
        tasks = [asyncio.ensure_future(user(i, session)) for i in range(users)]
        # Users stop starting messages at `end`; the last ones may still be in flight.
        _, pending = await asyncio.wait(tasks, timeout=duration + REQUEST_TIMEOUT_S + think * 1.2 + 10)
        for task in pending:
            task.cancel()
        if pending:
            await asyncio.wait(pending, timeout=10)
    done.set()
    await sampler
    cpu_used = {name: seconds - cpu_before[name] for name, seconds in cpu_s(processes).items()}

    ok = [r for r in results if r["ok"]]
    latencies = [r["latency"] for r in ok]
    last = max((r["done_at"] for r in results), default=started)
    elapsed = max(last - started, 1e-9)
    errors: Dict[str, int] = {}
    for r in results:
        if not r["ok"]:
            errors[r["error"]] = errors.get(r["error"], 0) + 1
    memory = memory_kb(processes)
    by_message: Dict[str, List[float]] = {}
    for r in ok:
        by_message.setdefault(r["message"], []).append(r["latency"])
    return {
        "by_message": {
            m: {"n": len(v), "p50_ms": percentile(v, 50) * 1000, "p95_ms": percentile(v, 95) * 1000}
            for m, v in by_message.items()
        },
        "messages": len(results),
        "answered": len(ok),
        "elapsed_s": elapsed,
        "throughput": len(ok) / elapsed,
        "p50_ms": percentile(latencies, 50) * 1000,
        "p95_ms": percentile(latencies, 95) * 1000,
        "p99_ms": percentile(latencies, 99) * 1000,
        "max_ms": max(latencies, default=float("nan")) * 1000,
        "errors": sum(errors.values()),
        "error_kinds": errors,
        "empty_replies": sum(1 for r in ok if r["empty"]),
        "hwm_mb": mb(memory["total"]["hwm"]),
        "peak_rss_mb": mb(max(peak_rss["kb"], memory["total"]["rss"])),
        "rss_end_mb": mb(memory["total"]["rss"]),
        "per_process_hwm_mb": {name: mb(v["hwm"]) for name, v in memory.items() if name != "total"},
        "unfinished_users": len(pending),
        # CPU time per answered message: less noisy than latency on a shared machine.
        "cpu_ms_per_message": {name: 1000 * seconds / max(len(ok), 1) for name, seconds in cpu_used.items()},
        "rasa_cpu_ms": 1000 * cpu_used["rasa"] / max(len(ok), 1),
    }


def summarise_socketio(run: Dict) -> Dict:
    """Throughput, p50/p95/p99 of time to first reply, and errors of a socket.io run."""
    latencies = [r["latency"] for r in run["results"] if r["ok"]]
    errors: Dict[str, int] = {}
    for r in run["results"]:
        if not r["ok"]:
            errors[r["error"]] = errors.get(r["error"], 0) + 1
    return {
        "messages": len(run["results"]),
        "answered": len(latencies),
        "elapsed_s": run["elapsed_s"],
        "throughput": len(latencies) / run["elapsed_s"],
        "errors": sum(errors.values()),
        "error_kinds": errors,
        "p50_ms": percentile(latencies, 50) * 1000,
        "p95_ms": percentile(latencies, 95) * 1000,
        "p99_ms": percentile(latencies, 99) * 1000,
        "unfinished_users": run["unfinished_users"],
    }


def print_load(label: str, r: Dict) -> None:
    print(
        f"  {label}: {r['messages']} messages in {r['elapsed_s']:.1f} s, {r['throughput']:.2f} answered msg/s; "
        f"latency p50 {r['p50_ms']:.0f} ms, p95 {r['p95_ms']:.0f} ms, p99 {r['p99_ms']:.0f} ms, "
        f"max {r['max_ms']:.0f} ms; errors {r['errors']} {r['error_kinds'] or ''}; "
        f"empty replies {r['empty_replies']}",
        flush=True,
    )
    slowest = sorted(r["by_message"].items(), key=lambda item: -item[1]["p95_ms"])[:3]
    print(
        f"  {label}: slowest messages by p95: "
        + "; ".join(f"{m!r} p50 {v['p50_ms']:.0f} / p95 {v['p95_ms']:.0f} ms (n={v['n']})" for m, v in slowest),
        flush=True,
    )
    cpu = ", ".join(f"{name} {v:.1f} ms" for name, v in r["cpu_ms_per_message"].items())
    print(f"  {label}: CPU time per answered message: {cpu}", flush=True)
    parts = ", ".join(f"{name} {v:.0f} MB" for name, v in r["per_process_hwm_mb"].items())
    print(
        f"  {label}: memory VmHWM sum {r['hwm_mb']:.0f} MB ({parts}); peak sampled VmRSS {r['peak_rss_mb']:.0f} MB; "
        f"VmRSS at end {r['rss_end_mb']:.0f} MB",
        flush=True,
    )


# --- 3: latency against conversation length -----------------------------------------


async def length_test(url: str, cycle: List[str], runs: int, tag: str) -> Dict:
    per_run = []
    async with new_session(2) as session:
        for run in range(runs):
            sender = f"bench-{tag}-long{run}"
            latencies, errors = [], 0
            for turn in range(LENGTH_TURNS):
                result = await send(session, url, sender, cycle[turn % len(cycle)])
                latencies.append(result["latency"])
                errors += 0 if result["ok"] else 1
            per_run.append({"first": latencies[:10], "last": latencies[-10:], "errors": errors})
    first = [x for run in per_run for x in run["first"]]
    last = [x for run in per_run for x in run["last"]]
    return {
        "runs": runs,
        "errors": sum(run["errors"] for run in per_run),
        "median_first_ms": statistics.median(first) * 1000,
        "median_last_ms": statistics.median(last) * 1000,
        "ratio": statistics.median(last) / statistics.median(first),
        "per_run": [
            {
                "median_first_ms": statistics.median(run["first"]) * 1000,
                "median_last_ms": statistics.median(run["last"]) * 1000,
            }
            for run in per_run
        ],
    }


def print_length(label: str, length: Dict) -> None:
    for i, run in enumerate(length["per_run"]):
        print(
            f"  {label} run {i + 1}: median turns 1-10 {run['median_first_ms']:.0f} ms, "
            f"turns 91-100 {run['median_last_ms']:.0f} ms"
        )
    print(
        f"  {label} all runs: median latency turns 1-10 {length['median_first_ms']:.0f} ms, turns 91-100 "
        f"{length['median_last_ms']:.0f} ms, ratio (91-100)/(1-10) {length['ratio']:.2f}; "
        f"errors {length['errors']}",
        flush=True,
    )


# --- 4: soak ------------------------------------------------------------------------


async def soak(
    url: str, processes: Dict[str, subprocess.Popen], total: int, concurrency: int, timeout: float, seed: int, tag: str
) -> Dict:
    start_memory = memory_kb(processes)
    print(
        f"  soak start: VmRSS rasa {mb(start_memory['rasa']['rss']):.0f} MB, actions "
        f"{mb(start_memory['actions']['rss']):.0f} MB, total {mb(start_memory['total']['rss']):.0f} MB",
        flush=True,
    )
    counter = {"sent": 0, "errors": 0, "senders": 0, "next_report": max(1, total // 10)}
    deadline = time.monotonic() + timeout
    started = time.monotonic()

    async def worker(index: int, session: aiohttp.ClientSession) -> None:
        rng = random.Random(f"{seed}:soak:{index}")
        while True:
            counter["senders"] += 1
            sender = f"bench-{tag}-soak{index}-{counter['senders']}"
            for message in our_conversation(rng):
                if counter["sent"] >= total or time.monotonic() >= deadline:
                    return
                counter["sent"] += 1
                result = await send(session, url, sender, message)
                counter["errors"] += 0 if result["ok"] else 1
                if counter["sent"] >= counter["next_report"]:
                    counter["next_report"] += max(1, total // 10)
                    now = memory_kb(processes)
                    print(
                        f"    {counter['sent']:>6} messages, {counter['senders']} senders, "
                        f"{time.monotonic() - started:.0f} s: VmRSS total {mb(now['total']['rss']):.0f} MB",
                        flush=True,
                    )

    async with new_session(concurrency + 2) as session:
        tasks = [asyncio.ensure_future(worker(i, session)) for i in range(concurrency)]
        _, pending = await asyncio.wait(tasks, timeout=timeout + REQUEST_TIMEOUT_S + 10)
        for task in pending:
            task.cancel()
        if pending:
            await asyncio.wait(pending, timeout=10)
    end_memory = memory_kb(processes)
    growth = {
        name: 100.0 * (end_memory[name]["rss"] - start_memory[name]["rss"]) / max(start_memory[name]["rss"], 1)
        for name in end_memory
    }
    return {
        "messages": counter["sent"],
        "senders": counter["senders"],
        "errors": counter["errors"],
        "elapsed_s": time.monotonic() - started,
        "timed_out": counter["sent"] < total,
        "rss_start_mb": {name: mb(v["rss"]) for name, v in start_memory.items()},
        "rss_end_mb": {name: mb(v["rss"]) for name, v in end_memory.items()},
        "growth_pct": growth,
    }


# --- the plain `rasa init` bot ------------------------------------------------------


# The benchmark is one client sending for many users, and its conversation-length test one
# sender answering at machine speed: no rate limits (scripts/check_privacy.py tests them).
NO_RATE_LIMITS = {"CLIENT_RATE_LIMIT_PER_MINUTE": "0", "RATE_LIMIT_PER_MINUTE": "0"}


def bot_env() -> Dict[str, str]:
    return {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "2", "RASA_TELEMETRY_ENABLED": "false", **NO_RATE_LIMITS}


def plain_model() -> Optional[Path]:
    models = sorted((PLAIN_CACHE / "models").glob("*.tar.gz")) if (PLAIN_CACHE / "models").is_dir() else []
    return models[-1] if models else None


def ensure_plain_bot() -> Path:
    """The cached plain bot's model, training it with `rasa init --no-prompt` when missing."""
    model = plain_model()
    if model is not None:
        print(f"plain bot: cached at {PLAIN_CACHE.relative_to(ROOT)} ({model.name})", flush=True)
        return model
    logs = ROOT / "results" / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    print(
        "plain bot: not cached, running `rasa init --no-prompt` (trains a model, ~2 min; log "
        "results/logs/plain-bot-init.log)",
        flush=True,
    )
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="bench-plain-") as tmp:
        project = Path(tmp) / "plain-bot"
        project.mkdir()
        with open(logs / "plain-bot-init.log", "w") as log:
            # cwd=tmp: Rasa's training cache (.rasa/) lands in the temp dir, not in the repo.
            process = subprocess.Popen(
                [RASA, "init", "--no-prompt", "--init-dir", str(project)],
                cwd=tmp,
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
                env=bot_env(),
            )
            try:
                process.wait(timeout=PLAIN_TRAIN_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                stop(process)
                raise RuntimeError(f"rasa init did not finish within {PLAIN_TRAIN_TIMEOUT_S} s")
            finally:
                stop(process)
        if process.returncode != 0 or not list((project / "models").glob("*.tar.gz")):
            raise RuntimeError(f"rasa init failed (exit {process.returncode}); see results/logs/plain-bot-init.log")
        # Copy next to the cache, then rename, so an interrupted copy is never taken for a cache.
        PLAIN_CACHE.parent.mkdir(parents=True, exist_ok=True)
        partial = PLAIN_CACHE.with_name(PLAIN_CACHE.name + ".partial")
        shutil.rmtree(partial, ignore_errors=True)
        shutil.copytree(project, partial, ignore=shutil.ignore_patterns(".rasa", "__pycache__"))
        shutil.rmtree(PLAIN_CACHE, ignore_errors=True)
        partial.rename(PLAIN_CACHE)
    print(
        f"plain bot: trained in {time.monotonic() - started:.0f} s, cached at {PLAIN_CACHE.relative_to(ROOT)}",
        flush=True,
    )
    return plain_model()


def start_plain_bot(model: Path) -> subprocess.Popen:
    logs = ROOT / "results" / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    log = open(logs / f"rasa-{PLAIN_PORT}.log", "w")
    process = subprocess.Popen(
        [
            RASA,
            "run",
            "--model",
            str(model),
            "--enable-api",
            "--interface",
            "127.0.0.1",
            "--port",
            str(PLAIN_PORT),
            "--credentials",
            str(PLAIN_CACHE / "credentials.yml"),
            "--endpoints",
            str(PLAIN_CACHE / "endpoints.yml"),
        ],
        cwd=PLAIN_CACHE,
        stdout=log,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        start_new_session=True,
        env=bot_env(),
    )
    log.close()
    return process


# --- main ---------------------------------------------------------------------------


def port_in_use(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(1)
        return probe.connect_ex(("127.0.0.1", port)) == 0


async def warm_up(url: str, conversation: Callable[[random.Random], List[str]], tag: str) -> None:
    """One untimed conversation so that first-request costs are not in the figures."""
    async with new_session(2) as session:
        for message in conversation(random.Random(0)):
            await send(session, url, f"bench-{tag}-warmup", message)


def ratio(ours: float, plain: float) -> str:
    if not plain or math.isnan(plain) or math.isnan(ours):
        return "n/a"
    return f"{ours / plain:.2f}"


def print_comparison(args: argparse.Namespace, ours: Dict, plain: Optional[Dict]) -> None:
    print(
        f"\n== Load test: ours with the {args.tracker_store} tracker store; {args.users} users, "
        f"think {args.think:g} s +-20%, {args.duration:g} s"
        f"{f', at most {args.messages} messages' if args.messages else ''}, seed {args.seed} =="
    )
    rows = [
        ("messages sent", "messages", "{:.0f}"),
        ("throughput (answered msg/s)", "throughput", "{:.2f}"),
        ("latency p50 (ms)", "p50_ms", "{:.0f}"),
        ("latency p95 (ms)", "p95_ms", "{:.0f}"),
        ("latency p99 (ms)", "p99_ms", "{:.0f}"),
        ("errors", "errors", "{:.0f}"),
        ("empty replies", "empty_replies", "{:.0f}"),
        ("Rasa server CPU per message (ms)", "rasa_cpu_ms", "{:.1f}"),
        ("peak memory, VmHWM sum (MB)", "hwm_mb", "{:.0f}"),
        ("peak sampled VmRSS sum (MB)", "peak_rss_mb", "{:.0f}"),
    ]
    ratio_keys = {"throughput", "p50_ms", "p95_ms", "p99_ms", "rasa_cpu_ms", "hwm_mb", "peak_rss_mb"}
    print(f"  {'':32}{'ours':>12}{'plain':>12}{'ours/plain':>12}")
    for title, key, fmt in rows:
        plain_cell = fmt.format(plain[key]) if plain else "-"
        ratio_cell = ratio(ours[key], plain[key]) if plain and key in ratio_keys else ""
        print(f"  {title:32}{fmt.format(ours[key]):>12}{plain_cell:>12}{ratio_cell:>12}")
    print("  (ours = Rasa server + action server; plain = Rasa server only, it has no custom actions)")


def tracker_store_yaml(args: argparse.Namespace, store_dir: str) -> str:
    """endpoints.yml lines for ours: none (in-memory) or the production store on a fresh SQLite file."""
    if args.tracker_store == "memory":
        return ""
    return (
        "tracker_store:\n  type: addons.tracker_store.StrictSQLTrackerStore\n  dialect: sqlite\n"
        f"  db: {Path(store_dir) / 'conversations.db'}\n"
    )


def interrupt(signum, frame) -> None:
    raise KeyboardInterrupt()


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.ArgumentDefaultsHelpFormatter
    )
    parser.add_argument("--users", type=int, default=50, help="concurrent simulated users")
    parser.add_argument(
        "--think", type=float, default=5.0, help="think time between a reply and the next message, s (+-20%%)"
    )
    parser.add_argument("--duration", type=float, default=60.0, help="load-test length, s")
    parser.add_argument(
        "--messages", type=int, default=0, help="stop the load test after this many messages (0: no limit)"
    )
    parser.add_argument(
        "--soak", type=int, default=0, help="messages for the memory soak (0: skip; 10000 is a good size)"
    )
    parser.add_argument("--soak-concurrency", type=int, default=8, help="senders talking at once in the soak")
    parser.add_argument("--soak-timeout", type=float, default=1800.0, help="soak time limit, s")
    parser.add_argument("--length-runs", type=int, default=3, help="100-turn conversations for the length test")
    parser.add_argument(
        "--tracker-store",
        choices=("memory", "sqlite"),
        default="sqlite",
        help="ours with Rasa's in-memory store (like the plain bot) or endpoints.yml's SQLite store",
    )
    parser.add_argument(
        "--socketio-users",
        type=int,
        default=20,
        help="users on the widget's socket.io channel after the REST load (0: skip)",
    )
    parser.add_argument("--skip-plain", action="store_true", help="do not measure the plain `rasa init` bot")
    parser.add_argument("--model", default=str(ROOT / "models" / "twitch-assistant.tar.gz"), help="our trained model")
    parser.add_argument("--seed", type=int, default=1, help="seed for think times and message choices")
    args = parser.parse_args()
    if args.users < 1 or args.duration <= 0 or args.think < 0 or args.soak < 0 or args.length_runs < 1:
        parser.error("--users and --length-runs must be >= 1, --duration > 0, --think and --soak >= 0")
    if not Path(args.model).is_file():
        print(f"no model at {args.model}: run `make train` first", file=sys.stderr)
        return 2
    busy = [p for p in (OUR_PORT, OUR_ACTIONS_PORT) + (() if args.skip_plain else (PLAIN_PORT,)) if port_in_use(p)]
    if busy:
        print(f"port(s) {busy} on 127.0.0.1 already in use: stop what listens there first", file=sys.stderr)
        return 2
    # SIGTERM (e.g. from make or CI) unwinds like Ctrl-C, so the servers below are stopped.
    signal.signal(signal.SIGTERM, interrupt)

    tag = f"{int(time.time())}"
    report: Dict = {"args": vars(args), "cpus": os.cpu_count()}
    print(f"bench: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f} at start", flush=True)

    # Train (or find) the plain bot before ours runs, so its training does not overlap our figures.
    plain_model_path = None if args.skip_plain else ensure_plain_bot()

    print(
        f"\n== Our bot ({Path(args.model).name}) on 127.0.0.1:{OUR_PORT}, actions on {OUR_ACTIONS_PORT}, "
        f"{args.tracker_store} tracker store ==",
        flush=True,
    )
    starting = time.monotonic()
    with (
        tempfile.TemporaryDirectory(prefix="bench-store-") as store_dir,
        action_server(OUR_ACTIONS_PORT) as actions,
        rasa_server(
            args.model,
            OUR_PORT,
            OUR_ACTIONS_PORT,
            endpoints_extra=tracker_store_yaml(args, store_dir),
            cors=(SOCKETIO_ORIGIN,),
            env=NO_RATE_LIMITS,
        ) as rasa,
    ):
        url = f"http://127.0.0.1:{OUR_PORT}"
        report["ours_startup_s"] = time.monotonic() - starting
        print(
            f"  up in {report['ours_startup_s']:.1f} s (action server, then the Rasa server loading the model)",
            flush=True,
        )
        processes = {"rasa": rasa, "actions": actions}
        idle = memory_kb(processes)
        report["ours_idle_rss_mb"] = {name: mb(v["rss"]) for name, v in idle.items()}
        print(
            f"  idle after start: VmRSS rasa {mb(idle['rasa']['rss']):.0f} MB, actions {mb(idle['actions']['rss']):.0f} MB",
            flush=True,
        )
        asyncio.run(warm_up(url, our_conversation, tag))
        print(f"  load test ({args.users} users) ... load average {os.getloadavg()[0]:.2f}", flush=True)
        ours = asyncio.run(
            load_test(
                url,
                our_conversation,
                processes,
                args.users,
                args.think,
                args.duration,
                args.messages,
                args.seed,
                "ours" + tag,
            )
        )
        report["ours_load"] = ours
        print_load("ours", ours)

        if args.socketio_users:
            print(
                f"\n== socket.io (the widget's channel): {args.socketio_users} users, think {args.think:g} s, "
                f"{args.duration:g} s ==",
                flush=True,
            )
            sio = summarise_socketio(
                asyncio.run(
                    socketio_load(
                        url,
                        SOCKETIO_ORIGIN,
                        our_conversation,
                        args.socketio_users,
                        args.think,
                        args.duration,
                        args.seed,
                    )
                )
            )
            report["ours_socketio"] = sio
            print(
                f"  ours over socket.io: {sio['messages']} messages, {sio['throughput']:.2f} answered msg/s; time to "
                f"first reply p50 {sio['p50_ms']:.0f} ms, p95 {sio['p95_ms']:.0f} ms, p99 {sio['p99_ms']:.0f} ms; "
                f"errors {sio['errors']} {sio['error_kinds'] or ''}",
                flush=True,
            )

        print(
            f"\n== Latency against conversation length: {args.length_runs} x one user, {LENGTH_TURNS} turns ==",
            flush=True,
        )
        length = asyncio.run(length_test(url, LENGTH_CYCLE, args.length_runs, "ours" + tag))
        report["length"] = length
        print_length("ours", length)

        if args.soak:
            print(
                f"\n== Soak: {args.soak} messages, {args.soak_concurrency} senders at a time, no think time, "
                f"at most {args.soak_timeout:g} s ==",
                flush=True,
            )
            soaked = asyncio.run(
                soak(url, processes, args.soak, args.soak_concurrency, args.soak_timeout, args.seed, tag)
            )
            report["soak"] = soaked
            for name in ("rasa", "actions", "total"):
                print(
                    f"  {name:8} VmRSS start {soaked['rss_start_mb'][name]:.0f} MB, end "
                    f"{soaked['rss_end_mb'][name]:.0f} MB, growth {soaked['growth_pct'][name]:+.1f}%"
                )
            print(
                f"  {soaked['messages']} messages from {soaked['senders']} senders in {soaked['elapsed_s']:.0f} s, "
                f"errors {soaked['errors']}{' (stopped at the time limit)' if soaked['timed_out'] else ''}",
                flush=True,
            )

    plain = plain_length = None
    if plain_model_path is not None:
        print(f"\n== Plain `rasa init` bot on 127.0.0.1:{PLAIN_PORT} ==", flush=True)
        starting = time.monotonic()
        process = start_plain_bot(plain_model_path)
        try:
            url = f"http://127.0.0.1:{PLAIN_PORT}"
            wait_until_up(f"{url}/status", process=process)
            report["plain_startup_s"] = time.monotonic() - starting
            print(f"  up in {report['plain_startup_s']:.1f} s (Rasa server loading the model)", flush=True)
            processes = {"rasa": process}
            print(f"  idle after start: VmRSS {mb(memory_kb(processes)['rasa']['rss']):.0f} MB", flush=True)
            asyncio.run(warm_up(url, plain_conversation, tag))
            print(f"  load test ({args.users} users) ... load average {os.getloadavg()[0]:.2f}", flush=True)
            plain = asyncio.run(
                load_test(
                    url,
                    plain_conversation,
                    processes,
                    args.users,
                    args.think,
                    args.duration,
                    args.messages,
                    args.seed,
                    "plain" + tag,
                )
            )
            report["plain_load"] = plain
            print_load("plain", plain)
            print(f"  length test: {args.length_runs} x one user, {LENGTH_TURNS} turns (control)", flush=True)
            plain_length = asyncio.run(length_test(url, PLAIN_LENGTH_CYCLE, args.length_runs, "plain" + tag))
            report["plain_length"] = plain_length
            print_length("plain", plain_length)
        finally:
            stop(process)

    print_comparison(args, ours, plain)
    if plain:
        report["ratios"] = {
            key: ours[key] / plain[key] for key in ("throughput", "p95_ms", "hwm_mb", "peak_rss_mb") if plain[key]
        }
    print("\n== Start-up (until the Rasa server answers) ==")
    plain_startup = report.get("plain_startup_s")
    print(
        f"  ours {report['ours_startup_s']:.1f} s"
        + (
            f", plain {plain_startup:.1f} s, ours/plain {ratio(report['ours_startup_s'], plain_startup)}"
            if plain_startup
            else ""
        )
    )
    print("\n== Latency against conversation length (median turns 91-100 / turns 1-10) ==")
    print(f"  ours  {length['ratio']:.2f} ({length['median_last_ms']:.0f} / {length['median_first_ms']:.0f} ms)")
    if plain_length:
        print(
            f"  plain {plain_length['ratio']:.2f} ({plain_length['median_last_ms']:.0f} / "
            f"{plain_length['median_first_ms']:.0f} ms)"
        )
    if args.soak:
        print("\n== Soak ==")
        print(
            f"  soak: total VmRSS {report['soak']['rss_start_mb']['total']:.0f} -> "
            f"{report['soak']['rss_end_mb']['total']:.0f} MB ({report['soak']['growth_pct']['total']:+.1f}%) "
            f"over {report['soak']['messages']} messages"
        )
    print(f"  load average at end {os.getloadavg()[0]:.2f}")
    RESULTS_JSON.parent.mkdir(parents=True, exist_ok=True)
    RESULTS_JSON.write_text(json.dumps(report, indent=2, default=str))
    print(f"  figures saved to {RESULTS_JSON.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        print("interrupted; servers stopped", file=sys.stderr)
        sys.exit(130)
