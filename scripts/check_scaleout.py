"""Scale-out on Rasa's own building blocks, run for real on this machine (`make test-scaleout`).

Throwaway PostgreSQL (127.0.0.1:5832) and Redis (127.0.0.1:5879) servers (scripts/services.py),
one action server (5855) and Rasa servers on 5805 and 5806, all on 127.0.0.1:

a. PostgreSQL tracker store (addons.tracker_store.StrictSQLTrackerStore, dialect postgresql):
   the Rasa server is restarted in the middle of the symptom check and the user carries on
   where they were; pointed at a port where no PostgreSQL listens, the server refuses to start.
b. Two Rasa servers sharing that tracker store and a Redis lock store (see below):
   (i) one conversation alternating between the servers turn by turn through the check and an
   FAQ question gets the right reply for its state at every turn; (ii) pairs of messages for
   the same conversation sent to both servers at the same moment: afterwards the tracker (read
   through Rasa's HTTP API from both servers) holds every user message exactly once, each
   followed by its own bot reply (the one its HTTP caller got) before the next user message.

Prints one ok/FAIL line per check and exits non-zero on any failure. Every wait is bounded and
the whole run is cut off after TOTAL_BUDGET_S; servers are stopped at the end, also on failure.
The lock store is ours (addons.lock_store.AtomicRedisLockStore: Rasa's RedisLockStore with
atomic ticket operations). `--lock-store stock` runs (b) with Rasa's own RedisLockStore and
`--lock-store none` with each server's in-memory lock store: control runs showing that (ii)
fails without a working shared lock (not part of `make test`).
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import json
import signal
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path
from typing import List, Tuple

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from bot_process import action_server, rasa_server, rasa_servers  # noqa: E402
from services import (  # noqa: E402
    ATOMIC_LOCK_STORE,
    STOCK_LOCK_STORE,
    lock_store_yaml,
    port_is_free,
    postgres,
    redis,
    tracker_store_yaml,
)
from check_report import check  # noqa: E402

MODEL = str(ROOT / "models/twitch-assistant.tar.gz")
PG_PORT, REDIS_PORT, ACTIONS_PORT = 5832, 5879, 5855
PORT_A, PORT_B = 5805, 5806
NO_POSTGRES_PORT = 5833  # nothing listens here
CONCURRENT_PAIRS = 10
TOTAL_BUDGET_S = 480
REQUEST_TIMEOUT_S = 60


def say(port: int, sender: str, text: str) -> List[str]:
    """One message over the REST channel; the texts of the bot's replies."""
    body = json.dumps({"sender": sender, "message": text}).encode()
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/webhooks/rest/webhook", body, {"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=REQUEST_TIMEOUT_S) as response:
        return [reply.get("text") or "" for reply in json.load(response)]


def tracker_events(port: int, sender: str) -> list:
    """All events of the conversation, through Rasa's HTTP API (--enable-api)."""
    # A REST sender's conversation is "rest:<sender>" (addons/channels/conversations.py).
    url = f"http://127.0.0.1:{port}/conversations/rest:{sender}/tracker?include_events=ALL"
    with urllib.request.urlopen(url, timeout=REQUEST_TIMEOUT_S) as response:
        return json.load(response)["events"]


def turns(events: list) -> List[Tuple[str, List[str]]]:
    """(user text, [bot texts until the next user message]) for every user message, in order."""
    found: List[Tuple[str, List[str]]] = []
    for event in events:
        if event.get("event") == "user":
            found.append((event.get("text") or "", []))
        elif event.get("event") == "bot" and found:
            found[-1][1].append(event.get("text") or "")
    return found


def joined(replies: List[str]) -> str:
    return " | ".join(replies)


def faq_questions(count: int) -> List[str]:
    """The first training example of `count` different FAQ topics: distinct, answerable questions."""
    from ruamel.yaml import YAML

    data = YAML(typ="safe").load((ROOT / "data/nlu/faq.yml").read_text())
    questions = []
    for block in data["nlu"]:
        if block.get("intent", "").startswith("faq/"):
            first = block["examples"].strip().splitlines()[0].lstrip("- ").strip()
            questions.append(first)
    if len(questions) < count:
        raise SystemExit(f"only {len(questions)} FAQ topics in data/nlu/faq.yml, need {count}")
    return questions[:count]


def refuses_without_database(database: dict) -> list:
    """The store pointed at a port where no PostgreSQL listens: the server must not start."""
    if not port_is_free(NO_POSTGRES_PORT):
        return [
            check("store refuses to start without PostgreSQL", False, f"port {NO_POSTGRES_PORT} is in use, cannot test")
        ]
    broken = tracker_store_yaml(database, port=NO_POSTGRES_PORT)
    started = time.monotonic()
    try:
        with rasa_server(MODEL, PORT_B, ACTIONS_PORT, endpoints_extra=broken, start_timeout=150):
            refused = False
    except RuntimeError:
        refused = True
    except TimeoutError:
        refused = False
    log = (ROOT / "results/logs" / f"rasa-{PORT_B}.log").read_text(errors="replace")
    line = next((line for line in log.splitlines() if "Refusing to start" in line), log[-200:])
    return [
        check(
            "PostgreSQL unreachable: the store refuses to start",
            refused and "Refusing to start" in log,
            f"{time.monotonic() - started:.0f}s; {line.strip()}",
        )
    ]


def restart_mid_check(endpoints: str) -> Tuple[list, str]:
    """First message on server A alone; the caller restarts with A and B and sends the next."""
    user = f"restart-{uuid.uuid4().hex[:8]}"
    with rasa_server(MODEL, PORT_A, ACTIONS_PORT, endpoints_extra=endpoints):
        text = joined(say(PORT_A, user, "my right calf has twitched for three weeks"))
    return [
        check(
            "PostgreSQL store, before the restart: the check asks about other symptoms", "other symptoms" in text, text
        )
    ], user


def alternating(sender: str) -> list:
    """One conversation, turn by turn on A, B, A, B...: each reply fits the state of the check."""
    steps = [
        ("my left calf has twitched for three weeks", lambda t: "other symptoms" in t, "asks about other symptoms"),
        ("/deny", lambda t: "start suddenly" in t, "asks whether it started suddenly"),
        (
            "can too much coffee cause twitching?",
            lambda t: "Source" in t and "start suddenly" in t,
            "answers the FAQ with its source, then asks again about the start",
        ),
        ("it came on slowly", lambda t: "?" in t and "start suddenly" not in t, "moves on from the onset question"),
        (
            "/affirm",
            lambda t: any(tier in t for tier in ("SELF-CARE", "SEE A DOCTOR", "URGENT")),
            "gives the outcome with a tier",
        ),
        ("what causes muscle twitching?", lambda t: "Source" in t, "answers an FAQ after the check"),
    ]
    results = []
    for number, (text, fits, meaning) in enumerate(steps):
        port = (PORT_A, PORT_B)[number % 2]
        reply = joined(say(port, sender, text))
        results.append(
            check(f"alternating servers, turn {number + 1} on :{port}: {meaning}", fits(reply), f"{text!r} -> {reply}")
        )
    events = tracker_events(PORT_A, sender)
    users = [user for user, _ in turns(events)]
    results.append(
        check(
            "alternating servers: the tracker has the six turns in order",
            users == [text for text, _, _ in steps],
            f"{users}",
        )
    )
    return results


def concurrent(sender: str, pairs: int) -> list:
    """Pairs of messages sent at the same moment to A and B for the same conversation."""
    questions = faq_questions(2 * pairs)
    replies: dict = {}
    errors: list = []
    started = time.monotonic()
    for pair in range(pairs):
        barrier = threading.Barrier(2, timeout=30)

        def send(port: int, text: str) -> None:
            try:
                barrier.wait()
                replies[text] = say(port, sender, text)
            except Exception as error:  # noqa: BLE001 - reported below
                errors.append(f"{text!r} on :{port}: {type(error).__name__}: {error}")

        threads = [
            threading.Thread(target=send, args=(port, questions[2 * pair + side]), daemon=True)
            for side, port in enumerate((PORT_A, PORT_B))
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=REQUEST_TIMEOUT_S + 35)
    seconds = time.monotonic() - started
    results = [
        check(
            f"concurrent: {2 * pairs} messages ({pairs} simultaneous pairs on :{PORT_A} and :{PORT_B}) all answered",
            not errors and len(replies) == 2 * pairs,
            f"{seconds:.1f}s; errors: {errors[:2]}",
        )
    ]
    events_a, events_b = tracker_events(PORT_A, sender), tracker_events(PORT_B, sender)
    found = turns(events_a)
    counts = collections.Counter(user for user, _ in found)
    missing = [text for text in questions if counts[text] == 0]
    doubled = [text for text, count in counts.items() if count > 1]
    strangers = [text for text in counts if text not in questions]
    results.append(
        check(
            "concurrent: every user message is in the tracker exactly once, nothing lost or added",
            not missing and not doubled and not strangers and len(found) == 2 * pairs,
            f"{len(found)} of {2 * pairs} user messages; {len(missing)} missing {missing[:2]}, "
            f"{len(doubled)} doubled {doubled[:2]}, {len(strangers)} unexpected {strangers[:2]}",
        )
    )
    silent = [user for user, bots in found if not bots]
    mismatched = [user for user, bots in found if user in replies and bots != replies[user]]
    results.append(
        check(
            "concurrent: each user message is followed by its own bot reply before the next one (no interleaving)",
            not silent and not mismatched,
            f"turns without a reply: {silent[:2]}; reply in tracker differs from the HTTP reply: {mismatched[:2]}",
        )
    )
    results.append(
        check(
            "concurrent: both servers read the same tracker",
            [e.get("event") for e in events_a] == [e.get("event") for e in events_b] and turns(events_b) == found,
            f"{len(events_a)} vs {len(events_b)} events",
        )
    )
    return results


def lock_store_used(red: dict, atomic: bool) -> list:
    """The lock store did its work in our Redis (in transactions, for ours) and left no lock behind."""
    import redis as redis_client

    client = redis_client.Redis(host=red["host"], port=red["port"], password=red["password"], db=1, socket_timeout=5)
    stats = client.info("commandstats")
    sets = stats.get("cmdstat_set", {}).get("calls", 0)
    transactions = stats.get("cmdstat_exec", {}).get("calls", 0)
    left = [key.decode() for key in client.keys("*")]
    used = sets > 0 and (transactions > 0 or not atomic)
    return [
        check(
            "Redis lock store used by both servers"
            + (" (atomic transactions)" if atomic else "")
            + ", no lock left behind",
            used and not left,
            f"{sets} SET, {transactions} EXEC calls; keys left in db 1: {left[:3]}",
        )
    ]


class OutOfTime(Exception):
    pass


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--lock-store",
        choices=["atomic", "stock", "none"],
        default="atomic",
        help="atomic: addons.lock_store.AtomicRedisLockStore (default); stock: Rasa's RedisLockStore; "
        "none: each server's in-memory lock store (control runs, expected to fail)",
    )
    parser.add_argument("--pairs", type=int, default=CONCURRENT_PAIRS)
    args = parser.parse_args()
    if not Path(MODEL).exists():
        print(f"FAIL no model at {MODEL}: run `make train`")
        return 1

    def out_of_time(*_):
        raise OutOfTime(f"the whole check took more than {TOTAL_BUDGET_S} s")

    signal.signal(signal.SIGALRM, out_of_time)
    signal.alarm(TOTAL_BUDGET_S)
    started = time.monotonic()
    results: list = []
    try:
        with contextlib.ExitStack() as stack:
            database = stack.enter_context(postgres(PG_PORT))
            red = stack.enter_context(redis(REDIS_PORT))
            results.append(
                check(
                    "throwaway PostgreSQL and Redis up on 127.0.0.1",
                    True,
                    f"postgresql :{PG_PORT} db {database['db']}, redis :{REDIS_PORT}",
                )
            )
            results += refuses_without_database(database)
            stack.enter_context(action_server(ACTIONS_PORT))
            store = tracker_store_yaml(database)
            kinds = {"atomic": ATOMIC_LOCK_STORE, "stock": STOCK_LOCK_STORE}
            endpoints = store + (
                lock_store_yaml(red, store_type=kinds[args.lock_store]) if args.lock_store in kinds else ""
            )
            found, restarted_user = restart_mid_check(endpoints)
            results += found
            with rasa_servers(MODEL, [PORT_A, PORT_B], ACTIONS_PORT, endpoints_extra=endpoints):
                text = joined(say(PORT_A, restarted_user, "/deny"))
                results.append(
                    check("PostgreSQL store, after the restart: the check carries on", "start suddenly" in text, text)
                )
                results += alternating(f"alternate-{uuid.uuid4().hex[:8]}")
                results += concurrent(f"concurrent-{uuid.uuid4().hex[:8]}", args.pairs)
            if args.lock_store in kinds:
                results += lock_store_used(red, atomic=args.lock_store == "atomic")
    except (OutOfTime, urllib.error.URLError, OSError, RuntimeError, TimeoutError) as error:
        results.append(check("the scale-out check ran to the end", False, f"{type(error).__name__}: {error}"))
    finally:
        signal.alarm(0)
    print(f"{sum(results)}/{len(results)} checks passed in {time.monotonic() - started:.0f} s", flush=True)
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
