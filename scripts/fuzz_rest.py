"""Bounded fuzz run against a running bot's REST channel (/webhooks/rest/webhook).

    python scripts/fuzz_rest.py [URL] [--count N] [--seconds S] [--seed X]

Sends up to N random requests (stops after S seconds): JSON of every shape, random,
huge or missing senders, random unicode, binary and control characters, messages up to
200 KB, HTML/script, "/intent{...}" injections, non-JSON bodies and wrong content types.
Fails on any 5xx, a stack trace in a reply, a 200 that is not a JSON list (or, streamed,
not JSON lines), a request that gets no answer, or a server that afterwards no longer
answers /status and a normal "hello". Prints counts by status and the worst latency.
Exit code 0 only when nothing failed. Standard library only.
"""

import argparse
import http.client
import json
import random
import sys
import time
import uuid
from typing import Any, List, Optional, Tuple
from urllib.parse import urlsplit

WEBHOOK = "/webhooks/rest/webhook"
REQUEST_TIMEOUT = 60.0  # seconds per request: one message must never take longer
MAX_MESSAGE_BYTES = 200_000

Case = Tuple[str, bytes, Optional[str], str]  # (kind, body, content type, query)


# --- random material --------------------------------------------------------------


def random_unicode(rng: random.Random, size: int) -> str:
    """Mixed text: ASCII, controls, lone surrogates, combining marks, RTL, emoji, CJK."""
    ranges = [
        (0x20, 0x7E),
        (0x00, 0x1F),
        (0x7F, 0x9F),
        (0xD800, 0xDFFF),
        (0x300, 0x36F),
        (0x590, 0x6FF),
        (0x200B, 0x202E),
        (0x1F300, 0x1FAFF),
        (0x4E00, 0x9FFF),
        (0xFFF0, 0xFFFF),
    ]
    out = []
    for _ in range(size):
        low, high = rng.choice(ranges)
        out.append(chr(rng.randint(low, high)))
    return "".join(out)


INJECTIONS = [
    "/emergency",
    "//emergency",
    "/ /emergency",
    " \t/emergency",
    "/restart",
    "/affirm",
    "/deny",
    '/inform{"onset": "sudden"}',
    '/inform{"onset":"gradual"}',
    '/inform{"onset": "chronic"}',
    '/inform{"onset": "sudden", "red_flag": true}',
    "/affirm@1.0",
    "/nlu_fallback",
    "/session_start",
    '/faq/causes{"x": 1}',
    "/inform{" + "[" * 5000,
    "/",
    "///",
    "/" * 3000,
    "/ask_" + "x" * 100,
    '/greet{"name": "<script>alert(1)</script>"}',
    "\x00/emergency",
]
HTML = [
    "<script>alert(document.cookie)</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">twitch</a>',
    "{{7*7}} ${7*7} <%= 7*7 %>",
    "'; DROP TABLE events; --",
    "<svg/onload=alert(1)>" * 50,
    "]]><!--",
    "\u202egnihctiwt",
]
CONTENT_TYPES = [
    "application/json",
    "application/json; charset=utf-8",
    "text/plain",
    "text/html",
    "application/x-www-form-urlencoded",
    "multipart/form-data; boundary=x",
    "application/xml",
    "application/octet-stream",
    "",
    None,
]


def random_json(rng: random.Random, depth: int = 0) -> Any:
    choices = ["null", "bool", "int", "float", "str", "list", "dict"] if depth < 4 else ["null", "int", "str"]
    kind = rng.choice(choices)
    if kind == "null":
        return None
    if kind == "bool":
        return rng.random() < 0.5
    if kind == "int":
        return rng.choice([0, -1, 2**63, -(2**70), rng.randint(-1000, 1000)])
    if kind == "float":
        return rng.choice([0.5, -1e308, 1e-300, rng.random()])
    if kind == "str":
        return random_unicode(rng, rng.randint(0, 40))
    if kind == "list":
        return [random_json(rng, depth + 1) for _ in range(rng.randint(0, 4))]
    return {random_unicode(rng, rng.randint(0, 8)): random_json(rng, depth + 1) for _ in range(rng.randint(0, 4))}


def random_sender(rng: random.Random) -> Any:
    roll = rng.random()
    if roll < 0.75:
        return f"fuzz-{uuid.uuid4().hex}"
    return rng.choice(
        [
            None,
            "",
            "default",
            42,
            3.5,
            True,
            [],
            {"id": "x"},
            "a" * 129,
            "a" * 128,
            "x" * rng.randint(1000, 200_000),
            random_unicode(rng, rng.randint(1, 30)),
            "a b",
            "../../etc",
            "<script>",
            "user\n",
            "user@example.com",
        ]
    )


def random_message(rng: random.Random) -> Any:
    roll = rng.random()
    if roll < 0.20:
        return rng.choice(["hello", "my eyelid twitches", "what causes muscle twitching?", "yes", "no"])
    if roll < 0.38:
        return rng.choice(INJECTIONS)
    if roll < 0.50:
        return rng.choice(HTML)
    if roll < 0.68:
        return random_unicode(rng, rng.randint(0, 300))
    if roll < 0.80:  # oversized: up to 200 KB
        size = rng.choice([1999, 2000, 2001, 5000, 35_000, 140_000, MAX_MESSAGE_BYTES])
        return (rng.choice(["a", "twitch ", "é", "\x00", "👁", " "]) * size)[:size]
    if roll < 0.90:
        return rng.choice(["", " ", "\n\t\r", "\x00\x00", "\u200b", "\ufeff"])
    return random_json(rng)  # wrong types: null, numbers, lists, objects


def make_case(rng: random.Random) -> Case:
    roll = rng.random()
    content_type = "application/json" if rng.random() < 0.8 else rng.choice(CONTENT_TYPES)
    query = "?stream=true" if rng.random() < 0.05 else ""
    if roll < 0.12:  # any JSON value as the whole body
        return "json shape", json.dumps(random_json(rng)).encode(), content_type, query
    if roll < 0.20:  # not JSON at all
        body = rng.choice(
            [
                b"",
                b"sender=a&message=hi",
                b"hello",
                b'{"sender": "a", "message": "hi"',
                b'{"sender": "a"}{"x": 1}',
                b"[" * 50_000,
                b'{"sender": "a", "message": NaN}',
                bytes(rng.getrandbits(8) for _ in range(rng.randint(1, 2000))),
                b"\xef\xbb\xbf" + json.dumps({"sender": "bom-user", "message": "hi"}).encode(),
                json.dumps({"sender": "u16", "message": "hi"}).encode("utf-16"),
            ]
        )
        return "non-json", body, rng.choice(CONTENT_TYPES), query
    body = {}
    if rng.random() < 0.9:
        body["sender"] = random_sender(rng)
    if rng.random() < 0.95:
        body["message"] = random_message(rng)
    if rng.random() < 0.2:
        body["metadata"] = random_json(rng)
    if rng.random() < 0.05:
        body["input_channel"] = "slack"
    ensure_ascii = rng.random() < 0.5
    try:
        raw = json.dumps(body, ensure_ascii=ensure_ascii).encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates cannot be raw UTF-8: send them escaped
        raw = json.dumps(body).encode()
    return "object", raw, content_type, query


# --- HTTP ---------------------------------------------------------------------------


class Target:
    def __init__(self, url: str) -> None:
        parts = urlsplit(url)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80

    def request(
        self,
        method: str,
        path: str,
        body: Optional[bytes] = None,
        content_type: Optional[str] = None,
        timeout: float = REQUEST_TIMEOUT,
    ) -> Tuple[int, str, str]:
        connection = http.client.HTTPConnection(self.host, self.port, timeout=timeout)
        try:
            headers = {} if content_type is None else {"Content-Type": content_type}
            connection.request(method, path, body=body, headers=headers)
            answer = connection.getresponse()
            return answer.status, answer.getheader("Content-Type") or "", answer.read().decode("utf-8", "replace")
        finally:
            connection.close()


def problem_with(status: int, text: str, streamed: bool) -> Optional[str]:
    if status >= 500:
        return f"server error {status}"
    if "Traceback" in text or 'File "' in text:
        return "stack trace in the reply"
    if status != 200:
        return None
    try:
        if streamed:
            if not all(isinstance(json.loads(line), dict) for line in text.splitlines() if line.strip()):
                return "streamed reply line is not a JSON object"
        elif not isinstance(json.loads(text), list):
            return "200 reply is not a JSON list"
    except ValueError:
        return "200 reply is not JSON"
    return None


def final_checks(target: Target) -> List[str]:
    failures = []
    try:
        status, _, text = target.request("GET", "/status", timeout=30)
        if status == 404:  # `rasa run` without --enable-api has no /status: use the channel's health route
            status, _, text = target.request("GET", "/webhooks/rest/", timeout=30)
        if status != 200:
            failures.append(f"status check answered {status}")
        body = json.dumps({"sender": f"fuzz-final-{uuid.uuid4().hex}", "message": "hello"}).encode()
        status, _, text = target.request("POST", WEBHOOK, body, "application/json", timeout=60)
        replies = json.loads(text) if status == 200 else None
        if not (isinstance(replies, list) and replies and all("text" in r or "buttons" in r for r in replies)):
            failures.append(f'"hello" got {status} {text[:200]!r}')
    except (OSError, ValueError, http.client.HTTPException) as error:
        failures.append(f"final check failed: {error!r}")
    return failures


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("url", nargs="?", default="http://127.0.0.1:5005")
    parser.add_argument("--count", type=int, default=300, help="number of random requests (default 300)")
    parser.add_argument("--seconds", type=float, default=120, help="stop sending after this long (default 120)")
    parser.add_argument("--seed", type=int, default=None, help="replay a run")
    args = parser.parse_args(argv)
    seed = args.seed if args.seed is not None else random.randrange(2**32)
    rng, target = random.Random(seed), Target(args.url)
    print(f"fuzzing {args.url}{WEBHOOK}: up to {args.count} requests / {args.seconds:g} s, seed {seed}")

    counts: dict = {}
    failures: List[str] = []
    worst = (0.0, "")
    deadline = time.monotonic() + args.seconds
    sent = 0
    for number in range(args.count):
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            print(f"time limit reached after {number} requests")
            break
        kind, body, content_type, query = make_case(rng)
        label = f"#{number} {kind}, {len(body)} bytes, content type {content_type!r}{' stream' if query else ''}"
        started = time.monotonic()
        try:
            status, _, text = target.request(
                "POST", WEBHOOK + query, body, content_type, timeout=min(REQUEST_TIMEOUT, max(remaining, 5))
            )
        except (OSError, http.client.HTTPException) as error:
            status, text = "no answer", ""
            failures.append(f"{label}: {error!r}")
        elapsed = time.monotonic() - started
        sent += 1
        worst = max(worst, (elapsed, label))
        counts[status] = counts.get(status, 0) + 1
        if isinstance(status, int):
            problem = problem_with(status, text, bool(query))
            if problem:
                failures.append(f"{label}: {problem}: {text[:200]!r}")

    failures += final_checks(target)
    print(f"sent {sent} requests; by status: " + ", ".join(f"{k}: {v}" for k, v in sorted(counts.items(), key=str)))
    print(f"worst latency: {worst[0]:.2f} s ({worst[1]})")
    for failure in failures[:50]:
        print("FAIL", failure)
    print("FAILED" if failures else "OK", f"({len(failures)} failures; replay with --seed {seed})")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
