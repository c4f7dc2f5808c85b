"""Run every tool command the README names, small, so none of them can drift (`make test-tools`).

The README lists make targets beyond `make run` and `make test`: the benchmarks, the profile,
the NLU comparison, the knowledge build, the Telegram webhook registration and `make help`.
Each runs here through make, as a reader would type it, with small arguments where it takes
any (a 5 s load test with 3 users instead of 60 s with 50; our bot only, since training the
plain `rasa init` bot takes minutes; compare-nlu on the trained bot and a plain pipeline
trained for one epoch), and must exit 0 and print the figures it promises. The figures'
values are not judged: speed is measured by `make bench`, not asserted.
`make telegram-webhook` talks to a local fake of the Bot API on 127.0.0.1.

    python scripts/check_tools.py [--only NAME ...]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Sequence

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from check_report import check  # noqa: E402
from tests.fakes.telegram_api import FakeTelegramAPI  # noqa: E402

TELEGRAM_TOKEN = "123456:check-tools-token"
TELEGRAM_SECRET = "check-tools-secret"


@dataclass(frozen=True)
class Tool:
    name: str
    make_args: Sequence[str]
    expected: Sequence[str]  # what the output must contain
    timeout: float = 600.0
    env: Dict[str, str] = field(default_factory=dict)


TOOLS = [
    Tool("make help", ["help"], ["bench", "eval-triage", "compare-nlu", "telegram-webhook", "profile"], 60),
    Tool("make knowledge", ["knowledge"], ["faq.yml"], 120),
    Tool(
        "make bench",
        ["bench", "BENCH_ARGS=--users 3 --duration 5 --length-runs 1 --socketio-users 2 --skip-plain --soak 40"],
        [
            "latency p95 (ms)",
            "throughput (answered msg/s)",
            "CPU time per answered message",
            "peak memory",
            "ratio (91-100)/(1-10)",
            "over socket.io",
            "soak: total VmRSS",
            "== Start-up",
        ],
        600,
    ),
    Tool("make profile", ["profile", "PROFILE_ARGS=--top 5"], ["median latency turns 1-10", "by cumulative time"], 600),
    Tool(
        "make bench-workers",
        ["bench-workers", "BENCH_WORKERS_ARGS=--users 2 --messages 3"],
        ["SANIC_WORKERS=1", "SANIC_WORKERS=2", "throughput 2 workers / 1 worker"],
        900,
    ),
    # The plain pipeline trained for one epoch: the tool's whole path, not a second full training.
    Tool(
        "make compare-nlu",
        ["compare-nlu", "COMPARE_SETS=tests/nlu_newcomer2", "COMPARE_ARGS=--epochs 1"],
        [
            "== config.yml on tests/nlu_newcomer2",
            "== configs/nlu_plain.yml on tests/nlu_newcomer2",
            "FAQ answered right",
        ],
        1200,
    ),
    Tool(
        "make telegram-webhook",
        ["telegram-webhook"],
        ["webhook set: https://bot.example.org/webhooks/telegram/webhook"],
        120,
        {
            "TELEGRAM_BOT_TOKEN": TELEGRAM_TOKEN,
            "TELEGRAM_BOT_NAME": "TwitchHelpBot",
            "TELEGRAM_WEBHOOK_URL": "https://bot.example.org/webhooks/telegram/webhook",
            "TELEGRAM_WEBHOOK_SECRET": TELEGRAM_SECRET,
        },
    ),
]


def run(tool: Tool, extra_env: Dict[str, str]) -> subprocess.CompletedProcess:
    env = {**os.environ, **tool.env, **extra_env}
    return subprocess.run(
        ["make", *tool.make_args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=tool.timeout
    )


def run_tool(tool: Tool, telegram: FakeTelegramAPI) -> bool:
    extra = {"TELEGRAM_API_URL": telegram.url} if tool.env.get("TELEGRAM_BOT_TOKEN") else {}
    started = time.monotonic()
    try:
        result = run(tool, extra)
    except subprocess.TimeoutExpired:
        return check(tool.name, False, f"no result within {tool.timeout:.0f} s")
    output = result.stdout + result.stderr
    missing = [text for text in tool.expected if text not in output]
    tail = " / ".join(output.strip().splitlines()[-3:])
    detail = f"exit {result.returncode}, {time.monotonic() - started:.0f} s" + (
        f", missing {missing}: {tail}" if missing else ""
    )
    ok = result.returncode == 0 and not missing
    if tool.env.get("TELEGRAM_BOT_TOKEN"):
        registered = telegram.calls_to("setWebhook")
        ok = ok and bool(registered) and registered[-1]["params"].get("secret_token") == TELEGRAM_SECRET
        ok = ok and TELEGRAM_TOKEN not in output and TELEGRAM_SECRET not in output
        detail += f", setWebhook calls {len(registered)}, token or secret printed: {TELEGRAM_TOKEN in output or TELEGRAM_SECRET in output}"
    return check(tool.name, ok, detail)


def main(argv: List[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="+", help="run only these (e.g. 'make bench')")
    args = parser.parse_args(argv)
    tools = [t for t in TOOLS if not args.only or t.name in args.only]
    telegram = FakeTelegramAPI(TELEGRAM_TOKEN).start()
    try:
        results = [run_tool(tool, telegram) for tool in tools]
    finally:
        telegram.stop()
    return 0 if results and all(results) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
