"""Where one message's time goes, at turn 5 and at turn 100 (`make profile`).

Loads the trained model in this process (no HTTP, no action server: FAQ questions and
small talk need neither) with our SQLite tracker store, holds a 100-turn conversation,
then profiles (cProfile) a few messages of a fresh conversation and of the long one. Run
it with the recent window (endpoints.yml, 10 user turns) and without (0) to see what the
window removes: event deserialisation and `Domain.states_for_tracker_history` over the
whole session. Prints figures only; asserts nothing.

    python scripts/profile_message.py [MODEL] [--recent-user-turns 10] [--top 15]
"""

import argparse
import asyncio
import cProfile
import io
import logging
import pstats
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CYCLE = [
    "what causes muscle twitching?",
    "does caffeine cause twitching?",
    "thanks",
    "can stress make muscles twitch?",
    "is twitching a sign of ALS?",
]
TURNS = 100
PROFILED = 10  # messages profiled in each state


async def main(args: argparse.Namespace) -> None:
    from rasa.core.agent import load_agent
    from rasa.core.tracker_store import AwaitableTrackerStore
    from rasa.utils.log_utils import configure_structlog

    from addons.tracker_store import StrictSQLTrackerStore

    # As `rasa run` at its default level, INFO: Rasa's per-message debug text is not built.
    configure_structlog(logging.INFO)
    logging.getLogger().setLevel(logging.WARNING)
    agent = await load_agent(model_path=args.model)
    with tempfile.TemporaryDirectory() as folder:
        store = StrictSQLTrackerStore(
            domain=agent.domain, dialect="sqlite", db=f"{folder}/profile.db", recent_user_turns=args.recent_user_turns
        )
        agent.tracker_store = agent.processor.tracker_store = AwaitableTrackerStore(store)

        async def say(sender: str, turn: int) -> float:
            started = time.perf_counter()
            await agent.handle_text(CYCLE[turn % len(CYCLE)], sender_id=sender)
            return time.perf_counter() - started

        latencies = [await say("long", turn) for turn in range(TURNS)]
        print(
            f"recent_user_turns={args.recent_user_turns}: median latency turns 1-10 "
            f"{statistics.median(latencies[:10]) * 1000:.1f} ms, turns 91-100 "
            f"{statistics.median(latencies[-10:]) * 1000:.1f} ms"
        )
        for label, senders in (
            ("a fresh conversation (turns 1-2)", [f"fresh{n // 2}" for n in range(PROFILED)]),
            (f"the long conversation (turns {TURNS + 1}-{TURNS + PROFILED})", ["long"] * PROFILED),
        ):
            profile = cProfile.Profile()
            profile.enable()
            for turn, sender in enumerate(senders):
                await say(sender, turn)
            profile.disable()
            out = io.StringIO()
            stats = pstats.Stats(profile, stream=out)
            print(
                f"\n== {PROFILED} messages of {label}: {stats.total_tt * 1000 / PROFILED:.1f} ms each under the "
                f"profiler; top {args.top} by cumulative time =="
            )
            stats.sort_stats("cumulative").print_stats(r"rasa|addons|actions", args.top)
            print(
                "\n".join(
                    line[:160]
                    for line in out.getvalue().splitlines()
                    if line.strip() and not line.startswith(("   Ordered", "   List reduced"))
                )
            )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model", nargs="?", default=str(ROOT / "models/twitch-assistant.tar.gz"))
    parser.add_argument("--recent-user-turns", type=int, default=10)
    parser.add_argument("--top", type=int, default=15)
    asyncio.run(main(parser.parse_args()))
