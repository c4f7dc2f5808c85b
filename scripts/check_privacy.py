"""Privacy and abuse checks against the trained bot (issue 16), everything on 127.0.0.1.

1. One bot with the widget, Slack and Telegram on (their APIs are local fakes): a widget
   user, a Slack user and a Telegram user describe their symptoms; a REST client then names
   each of their ids (bare and with the other channel's prefix) and asks for the read-back
   and the doctor summary. It gets nothing of theirs, and their stored conversations do not
   change. A mention in a public Slack channel gets only a note there, the answer in a DM.
   A widget token that expired, was left by Restart, or is replayed while its session is
   held resumes nothing.
2. The action server listens on loopback only and refuses calls without its secret.
   The HTTP API needs a JWT in the Authorization header (not ?token= in the URL), and its
   secret is on no command line; it refuses non-JSON bodies and foreign Host headers.
3. Eight concurrent 95 MB bodies (declared, and chunked) are refused before they are read:
   the Rasa server's memory stays within 10% of what it was.
4. A sender flooding REST gets 429 with Retry-After. One client (a loopback address of its
   own: 127.0.0.0/8 is all this machine) rotating 20 sender ids: another user's p95, quiet
   and while it floods, in seven rounds; the median ratio is at most 1.5, and the flood
   gets no more messages through than its client limit allows. 500 senders at once, each
   from its own address: every one gets an answer or the explicit busy reply (503 with
   Retry-After), and every answered message is kept.
5. The SQLite store is 0600 in a 0700 folder.
6. With an action server that answers its health probe but fails every call (and echoes the
   tracker, as rasa-sdk's own app does), a symptom description is answered with the
   apology, the message is kept in the conversation, and no log line carries what the user
   wrote or their id.
Ports are free ones chosen at start (CHECK_RASA_PORT / CHECK_ACTIONS_PORT override them).
Every wait is bounded.
"""

import asyncio
import concurrent.futures
import http.client as http_client
import json
import os
import queue
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid
from urllib.parse import urlsplit
from pathlib import Path
from typing import List, Optional, Tuple

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT))

from api_secret import bearer_token  # noqa: E402
from bot_process import ACTION_TOKEN, action_server, rasa_server  # noqa: E402
from check_report import check  # noqa: E402
from tests.fakes.slack_api import FakeSlackAPI, event, signed  # noqa: E402
from tests.fakes.socketio_client import Client  # noqa: E402
from tests.fakes.telegram_api import FakeTelegramAPI, message  # noqa: E402

from addons.channels.admission import DEFAULT_IN_FLIGHT, DEFAULT_WAITING  # noqa: E402
from addons.channels.rate_limit import DEFAULT_CLIENT_BURST, DEFAULT_CLIENT_PER_MINUTE  # noqa: E402
from addons.channels.slack import MOVED_TO_DM_NOTE  # noqa: E402
from addons.channels.widget_sessions import SessionSigner  # noqa: E402

MODEL = sys.argv[1] if len(sys.argv) > 1 else str(ROOT / "models/twitch-assistant.tar.gz")
REPLY_WAIT_S = 60
SLACK_TOKEN, SLACK_SECRET = "xoxb-" + uuid.uuid4().hex[:24], uuid.uuid4().hex
TELEGRAM_TOKEN, TELEGRAM_SECRET = "123456789:" + uuid.uuid4().hex, uuid.uuid4().hex + uuid.uuid4().hex
TELEGRAM_CHAT = 424242
SLACK_USER = "U024BE7LH"
WIDGET_SECRET = uuid.uuid4().hex + uuid.uuid4().hex
API_SECRET = uuid.uuid4().hex + uuid.uuid4().hex  # the HTTP API's JWT secret for this run
BUSY_TEXT = "I'm busy with a lot of conversations right now"  # domain.yml utter_busy


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


RASA_PORT = int(os.environ.get("CHECK_RASA_PORT") or free_port())
ACTIONS_PORT = int(os.environ.get("CHECK_ACTIONS_PORT") or free_port())
BASE = f"http://127.0.0.1:{RASA_PORT}"


def admin() -> dict:
    """The HTTP API's credentials: a short-lived JWT in a header, never the secret in a URL."""
    return {"Authorization": f"Bearer {bearer_token(API_SECRET)}"}


def http(
    path: str,
    body: Optional[dict] = None,
    headers: Optional[dict] = None,
    base: str = BASE,
    timeout: float = 60,
    source: str = "127.0.0.1",
) -> Tuple[int, dict, str]:
    """One request from the loopback address `source` (each address is a client of its own)."""
    url = urlsplit(base)
    data = json.dumps(body).encode() if body is not None else None
    connection = http_client.HTTPConnection(url.hostname, url.port, timeout=timeout, source_address=(source, 0))
    try:
        connection.request(
            "POST" if data is not None else "GET", path, data, {"Content-Type": "application/json", **(headers or {})}
        )
        answer = connection.getresponse()
        return answer.status, dict(answer.headers), answer.read().decode()
    finally:
        connection.close()


def say(sender: str, text: str, source: str = "127.0.0.1") -> str:
    status, _, body = http("/webhooks/rest/webhook", {"sender": sender, "message": text}, source=source)
    return " | ".join(r.get("text", "") for r in json.loads(body)) if status == 200 else f"HTTP {status}"


def tracker_events(conversation: str, base: str = BASE) -> List[dict]:
    status, _, body = http(f"/conversations/{conversation}/tracker?include_events=ALL", headers=admin(), base=base)
    return json.loads(body).get("events", []) if status == 200 else []


def wait_calls(fake, method: str, count: int) -> list:
    deadline = time.monotonic() + REPLY_WAIT_S
    while len(fake.calls_to(method)) < count and time.monotonic() < deadline:
        time.sleep(0.1)
    return fake.calls_to(method)


def rss_kb(pid: int) -> int:
    """Resident memory of a process and its children (the Rasa CLI runs the server in-process)."""
    total = 0
    for candidate in [pid] + [int(p) for p in os.listdir("/proc") if p.isdigit()]:
        try:
            status = Path(f"/proc/{candidate}/status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        if candidate == pid or int(fields.get("PPid", "0").strip()) == pid:
            total += int(fields.get("VmRSS", "0 kB").split()[0])
    return total


# --- 1. channels ---------------------------------------------------------------------------


async def widget_user() -> Tuple[str, str]:
    client = await Client().connect(BASE)
    try:
        session = await client.session()
        await client.say("my left shin has twitched for three weeks")
        reply = await asyncio.wait_for(client.replies.get(), REPLY_WAIT_S)
        return session["session_id"], reply.get("text", "")
    finally:
        await client.close()


def isolation(slack: FakeSlackAPI, telegram: FakeTelegramAPI) -> List[bool]:
    results = []
    session, first_reply = asyncio.run(widget_user())
    body = event("my right forearm has twitched for a month", user=SLACK_USER, ts="1700000010.000010")
    post_raw("/webhooks/slack/webhook", body, {"Content-Type": "application/json", **signed(body, SLACK_SECRET)})
    post_raw(
        "/webhooks/telegram/webhook",
        json.dumps(message("my right thigh has twitched for two weeks", update_id=10, chat=TELEGRAM_CHAT)).encode(),
        {"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": TELEGRAM_SECRET},
    )
    slack_reply = wait_calls(slack, "chat.postMessage", 1)
    telegram_reply = wait_calls(telegram, "sendMessage", 1)
    victims = {
        "socketio": f"socketio:{session}",
        "slack": f"slack:{SLACK_USER}",
        "telegram": f"telegram:{TELEGRAM_CHAT}",
    }
    results.append(
        check(
            "the widget, Slack and Telegram users' checks have started",
            "?" in first_reply and slack_reply and telegram_reply,
            first_reply[:80],
        )
    )
    before = {name: len(tracker_events(conversation)) for name, conversation in victims.items()}
    leaked = []
    for target in [session, SLACK_USER, str(TELEGRAM_CHAT), *victims.values()]:
        replies = " ".join(say(target, text) for text in ("gradually", "/affirm", "/request_summary"))
        # the victims' places, words no text of the bot's own uses (its prompts name a calf and an eyelid)
        leaked += [f"{target}: {word}" for word in ("shin", "forearm", "thigh") if word in replies]
    after = {name: len(tracker_events(conversation)) for name, conversation in victims.items()}
    results.append(
        check("REST naming a widget, Slack or Telegram id gets nothing of theirs", not leaked, leaked or "nothing")
    )
    results.append(
        check(
            "... and their stored conversations are unchanged",
            before == after and all(before.values()),
            f"{before} -> {after}",
        )
    )

    mention = event(
        "<@UBOT> my left calf has twitched for three weeks",
        user="U9",
        channel="C42",
        kind="app_mention",
        ts="1700000020.000020",
    )
    post_raw("/webhooks/slack/webhook", mention, {"Content-Type": "application/json", **signed(mention, SLACK_SECRET)})
    calls = wait_calls(slack, "chat.postMessage", 3)
    public = [c["params"] for c in calls if c["params"]["channel"] == "C42"]
    private = [c["params"] for c in calls if c["params"]["channel"] == "DU9"]
    results.append(
        check(
            "a public-channel Slack mention gets only a note there, the answer in a DM",
            [p["text"] for p in public] == [MOVED_TO_DM_NOTE] and private and "?" in private[0]["text"],
            f"public: {[p['text'][:40] for p in public]}, DM: {[p['text'][:40] for p in private]}",
        )
    )
    return results


async def widget_tokens() -> dict:
    """What each kind of stale token gets: the session it names resumed (True) or a new one."""

    async def resumes(session: dict, attempts: int = 1) -> bool:
        other = await Client().connect(BASE)
        try:
            for _ in range(attempts):
                kind, answer = await other.ask(session_id=session["session_id"], token=session["token"])
                if kind == "confirm":
                    return answer["session_id"] == session["session_id"] and answer["resumed"]
                await asyncio.sleep(0.2)
            return kind  # "busy": the session is held, nothing joined
        finally:
            await other.close()

    results = {}
    tab = await Client().connect(BASE)
    try:
        held = await tab.session()
        await tab.say("what causes muscle twitching?")
        await asyncio.wait_for(tab.replies.get(), REPLY_WAIT_S)  # a stored conversation to resume
        results["replayed while held"] = await resumes(held)
        await tab.session()  # Restart: the browser leaves its session for a new one
        results["left by Restart"] = await resumes(held, attempts=20)
    finally:
        await tab.close()
    day_ago = SessionSigner(WIDGET_SECRET.encode(), lifetime_s=3600, clock=lambda: time.time() - 86400)
    results["expired"] = await resumes({"session_id": held["session_id"], "token": day_ago.token(held["session_id"])})
    fresh = SessionSigner(WIDGET_SECRET.encode())  # control: a valid token for a session nobody holds
    tab = await Client().connect(BASE)
    try:
        other = await tab.session()
        await tab.say("what causes muscle twitching?")
        await asyncio.wait_for(tab.replies.get(), REPLY_WAIT_S)
    finally:
        await tab.close()
    results["valid (control)"] = await resumes(
        {"session_id": other["session_id"], "token": fresh.token(other["session_id"])}, attempts=20
    )
    return results


def widget_token_checks() -> List[bool]:
    outcomes = asyncio.run(widget_tokens())
    expected = {"replayed while held": "busy", "left by Restart": False, "expired": False, "valid (control)": True}
    return [
        check(
            "an expired, revoked (Restart) or replayed widget token resumes nothing; a valid one resumes",
            outcomes == expected,
            outcomes,
        )
    ]


def post_raw(path: str, body: bytes, headers: dict) -> int:
    request = urllib.request.Request(BASE + path, body, headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return answer.status
    except urllib.error.HTTPError as error:
        return error.code


# --- 2. action server ----------------------------------------------------------------------


def listening_addresses(port: int) -> List[str]:
    """Local addresses listening on `port` (IPv4 and IPv6, from /proc/net)."""
    found = []
    for table, width in (("/proc/net/tcp", 8), ("/proc/net/tcp6", 32)):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.split(":")
            if state == "0A" and int(hex_port, 16) == port:  # LISTEN
                if width == 8:
                    found.append(socket.inet_ntop(socket.AF_INET, bytes.fromhex(address)[::-1]))
                else:
                    raw = b"".join(bytes.fromhex(address[i : i + 8])[::-1] for i in range(0, 32, 8))
                    found.append(socket.inet_ntop(socket.AF_INET6, raw))
    return found


def action_server_checks() -> List[bool]:
    addresses = listening_addresses(ACTIONS_PORT)
    base = f"http://127.0.0.1:{ACTIONS_PORT}"
    call = {"next_action": "action_assess_symptoms", "tracker": {"events": []}, "domain": {}}
    without = [http("/webhook", call, base=base)[0], http("/actions", base=base)[0]]
    with_token = http("/actions", headers={"Authorization": f"Bearer {ACTION_TOKEN}"}, base=base)[0]
    return [
        check(
            "the action server listens on loopback only",
            addresses and all(a in ("127.0.0.1", "::1") for a in addresses),
            addresses,
        ),
        check(
            "... and refuses calls without its secret",
            without == [401, 401] and with_token == 200,
            f"without: {without}, with: {with_token}",
        ),
    ]


def command_lines(pid: int) -> List[str]:
    """The command lines of a process and its children, as any user of the machine sees them."""
    lines = []
    for candidate in [str(pid)] + [p for p in os.listdir("/proc") if p.isdigit()]:
        try:
            status = Path(f"/proc/{candidate}/status").read_text()
            cmdline = Path(f"/proc/{candidate}/cmdline").read_bytes()
        except OSError:
            continue
        parent = next((line.split()[1] for line in status.splitlines() if line.startswith("PPid:")), "")
        if candidate == str(pid) or parent == str(pid):
            lines.append(cmdline.replace(b"\0", b" ").decode(errors="replace"))
    return lines


def api_checks(rasa_pid: int) -> List[bool]:
    path = "/conversations/rest:nobody/tracker"
    statuses = {
        "none": http(path)[0],
        "?token=": http(f"{path}?token={API_SECRET}")[0],
        "forged JWT": http(path, headers={"Authorization": f"Bearer {bearer_token(API_SECRET[::-1])}"})[0],
        "JWT": http(path, headers=admin())[0],
    }
    cmdlines = command_lines(rasa_pid)
    text = http_client.HTTPConnection("127.0.0.1", RASA_PORT, timeout=30)
    text.request(
        "POST",
        "/conversations/rest:nobody/tracker/events",
        '{"event": "restart"}',
        {"Content-Type": "text/plain", **admin()},
    )
    non_json = text.getresponse().status
    text.close()
    foreign_host = http("/status", headers={"Host": "attacker.example", **admin()})[0]
    return [
        check(
            "the HTTP API needs a JWT in the Authorization header; ?token= in a URL opens nothing",
            statuses == {"none": 401, "?token=": 401, "forged JWT": 401, "JWT": 200},
            statuses,
        ),
        check(
            "... and its secret is on no command line",
            cmdlines and not any(API_SECRET in c for c in cmdlines),
            f"{len(cmdlines)} process(es): {[c[:60] for c in cmdlines]}",
        ),
        check(
            "the HTTP API refuses a non-JSON body (415) and a foreign Host header (403)",
            (non_json, foreign_host) == (415, 403),
            f"text/plain: {non_json}, Host attacker.example: {foreign_host}",
        ),
    ]


# --- 3. large bodies -------------------------------------------------------------------------

BIG = 95 * 1024 * 1024


def send_big(chunked: bool) -> str:
    """Send (or try to) a 95 MB body; what the server answered."""
    with socket.create_connection(("127.0.0.1", RASA_PORT), timeout=30) as sock:
        length = "Transfer-Encoding: chunked" if chunked else f"Content-Length: {BIG}"
        sock.sendall(
            f"POST /webhooks/rest/webhook HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
            f"{length}\r\n\r\n".encode()
        )
        chunk, sent = b"a" * (1024 * 1024), 0
        try:
            while sent < BIG:
                sock.sendall(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n" if chunked else chunk)
                sent += len(chunk)
        except OSError:
            pass
        try:
            return sock.recv(200).decode(errors="replace").split("\r\n")[0]
        except OSError as error:
            return f"closed ({type(error).__name__})"


def large_bodies(rasa_pid: int) -> List[bool]:
    idle = rss_kb(rasa_pid)
    peak = [idle]
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], rss_kb(rasa_pid))
            time.sleep(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(send_big, [False] * 4 + [True] * 4))
    done.set()
    sampler.join(5)
    growth = (peak[0] - idle) / idle
    return [
        check(
            "8 concurrent 95 MB bodies are refused (413) and memory stays within 10% of idle",
            growth < 0.10
            and all("413" in a or a.startswith("closed") for a in answers)
            and any("413" in a for a in answers),
            f"RSS {idle / 1024:.0f} -> peak {peak[0] / 1024:.0f} MB ({growth:+.1%}); answers {sorted(set(answers))}",
        )
    ]


# --- 4. flood ---------------------------------------------------------------------------------

QUESTION = "what causes muscle twitching?"
# ~6 s a round. p95 of 60 is the third-slowest answer, so one stall of the shared machine does
# not decide a round, and the median of seven rounds outlasts a bad one or three.
ROUNDS, SAMPLES = 7, 60
PER_ADDRESS = 20  # the other user's questions from one address, well within its client burst
SETTLE_S = 1.0  # after the flood's first refusal: the messages its burst let in are answered
BURST_SPENT_S = 15  # the flood's burst is spent in a few seconds (or never, without a client limit)
MAX_P95_RATIO = 1.5


def timed_say(sender: str, source: str) -> float:
    started = time.monotonic()
    reply = say(sender, QUESTION, source=source)
    if reply.startswith("HTTP"):
        raise RuntimeError(f"the other user got {reply}")
    return time.monotonic() - started


def p95(values: List[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) >= 2 else values[0]


def victim_times(phase: int, number: int, samples: int = SAMPLES) -> List[float]:
    """Another user's latencies over `samples` questions, each from a new sender, one at a time."""
    return [
        timed_say(f"victim-{uuid.uuid4().hex[:8]}", f"127.{phase}.{number}.{index // PER_ADDRESS + 1}")
        for index in range(samples)
    ]


def flood_round(number: int) -> Tuple[float, float, int, float]:
    """(quiet p95, flooded p95, messages the flood got through, seconds) of one round; the quiet
    half before the flood and half after, so a change in the machine's other load hits both."""
    quiet = victim_times(1, number, SAMPLES // 2)
    flooder = subprocess.Popen(
        [sys.executable, str(ROOT / "scripts/rest_flood.py"), BASE, f"127.2.{number}.1"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        # Measure once the client's burst is spent and answered: from then on only its steady rate
        # gets through (the burst is what the limit allows a client at once, a few people's worth).
        select_line(flooder, BURST_SPENT_S, missing_ok=True)  # without a client limit: never refused
        time.sleep(SETTLE_S)
        first = counts(flooder)
        flooded = p95(victim_times(3, number))
        last = counts(flooder)
    finally:
        flooder.stdin.close()
        try:
            flooder.wait(60)
        except subprocess.TimeoutExpired:
            flooder.kill()
    quiet += victim_times(4, number, SAMPLES // 2)
    return p95(quiet), flooded, last["answered"] - first["answered"], last["at"] - first["at"]


def counts(flooder: subprocess.Popen) -> dict:
    """The flooder's counts now."""
    flooder.stdin.write("\n")
    flooder.stdin.flush()
    return select_line(flooder, 30)


def select_line(process: subprocess.Popen, timeout: float, missing_ok: bool = False) -> dict:
    """The next JSON line the flooder prints (bounded wait)."""
    if not hasattr(process, "lines"):
        process.lines = queue.Queue()  # one reader per flooder: a timed-out wait leaves its line for the next
        threading.Thread(target=lambda: [process.lines.put(line) for line in process.stdout], daemon=True).start()
    try:
        return json.loads(process.lines.get(timeout=timeout))
    except queue.Empty:
        if missing_ok:
            return {}
        raise RuntimeError("the flooder printed nothing") from None


def flood_checks() -> List[bool]:
    results = []
    with concurrent.futures.ThreadPoolExecutor(10) as pool:
        answers = list(
            pool.map(
                lambda n: http(
                    "/webhooks/rest/webhook", {"sender": "flooder", "message": f"hi {n}"}, source="127.0.0.5"
                ),
                range(40),
            )
        )
    refused = [a for a in answers if a[0] == 429]
    results.append(
        check(
            "one sender flooding gets 429 with Retry-After beyond its burst",
            refused
            and all(int(h.get("Retry-After", "0")) >= 1 for _, h, _ in refused)
            and sum(a[0] == 200 for a in answers) <= 21,
            f"{len(answers) - len(refused)} answered, {len(refused)} refused",
        )
    )
    rounds = [flood_round(number) for number in range(ROUNDS)]
    ratios = [flooded / quiet for quiet, flooded, _, _ in rounds]
    # its rate over the window, plus a token saved up and two let in just before the window
    allowed = [DEFAULT_CLIENT_PER_MINUTE / 60 * seconds + 3 for _, _, _, seconds in rounds]
    through = [count for _, _, count, _ in rounds]
    results.append(
        check(
            f"one client rotating 20 senders: another user's p95 within {MAX_P95_RATIO}x of quiet (median of {ROUNDS} rounds)",
            statistics.median(ratios) <= MAX_P95_RATIO,
            "; ".join(f"{q * 1000:.0f} -> {f * 1000:.0f} ms ({f / q:.2f}x)" for q, f, _, _ in rounds),
        )
    )
    results.append(
        check(
            f"... and the flood gets no more through than its client limit ({DEFAULT_CLIENT_PER_MINUTE}/min after a burst of "
            f"{DEFAULT_CLIENT_BURST})",
            all(count <= limit for count, limit in zip(through, allowed)),
            ", ".join(
                f"{count} in {seconds:.1f} s (limit {limit:.0f})"
                for count, (_, _, _, seconds), limit in zip(through, rounds, allowed)
            ),
        )
    )
    return results


SENDERS = 500
SURGE_DEADLINE_S = 180


async def surge() -> List[Tuple[str, int, str, Optional[str], float]]:
    """SENDERS senders at once, each from its own loopback address: (sender, status, text, Retry-After, s)."""
    import aiohttp

    async def one(index: int) -> Tuple[str, int, str, Optional[str], float]:
        sender = f"surge-{index}-{uuid.uuid4().hex[:6]}"
        source = f"127.10.{index // 250}.{index % 250 + 1}"
        started = time.monotonic()
        connector = aiohttp.TCPConnector(local_addr=(source, 0), force_close=True)
        async with aiohttp.ClientSession(connector=connector, timeout=aiohttp.ClientTimeout(total=120)) as session:
            try:
                async with session.post(
                    BASE + "/webhooks/rest/webhook",
                    json={"sender": sender, "message": "my left calf has twitched for three weeks"},
                ) as answer:
                    body = await answer.text()
                    try:
                        text = " | ".join(m.get("text", "") for m in json.loads(body))
                    except (ValueError, TypeError, AttributeError):
                        text = body[:80]
                    return sender, answer.status, text, answer.headers.get("Retry-After"), time.monotonic() - started
            except (aiohttp.ClientError, asyncio.TimeoutError) as error:
                return sender, 0, f"{type(error).__name__}: {error}"[:120], None, time.monotonic() - started

    return await asyncio.wait_for(asyncio.gather(*(one(i) for i in range(SENDERS))), SURGE_DEADLINE_S)


def surge_checks() -> List[bool]:
    started = time.monotonic()
    outcomes = asyncio.run(surge())
    elapsed = time.monotonic() - started
    answered = [o for o in outcomes if o[1] == 200 and o[2].strip() and BUSY_TEXT not in o[2]]
    busy = [o for o in outcomes if o[1] == 503 and BUSY_TEXT in o[2] and (o[3] or "0").isdigit() and int(o[3]) >= 1]
    lost = [o for o in outcomes if o not in answered and o not in busy]
    not_kept = [
        sender for sender, *_ in answered if not any(e.get("event") == "user" for e in tracker_events(f"rest:{sender}"))
    ]
    slowest = max(o[4] for o in answered) if answered else 0
    return [
        check(
            f"{SENDERS} senders at once: each gets an answer or the explicit busy reply (503, Retry-After), none lost",
            not lost and len(answered) + len(busy) == SENDERS,
            f"{len(answered)} answered (slowest {slowest:.1f} s), {len(busy)} busy, {len(lost)} lost "
            f"{sorted({(o[1], o[2][:90]) for o in lost})[:2]}; {elapsed:.0f} s in all; at most "
            f"{DEFAULT_IN_FLIGHT} handled and {DEFAULT_WAITING} waiting at once",
        ),
        check(
            "... and every answered message is kept in its conversation",
            answered and not not_kept,
            f"{len(answered) - len(not_kept)} of {len(answered)} kept",
        ),
    ]


# --- 5 and 6. store, failing actions, logs ------------------------------------------------------


class EchoingFailingActionServer:
    """Health 200, every call 500 with the request in the answer (as rasa-sdk's own app does)."""

    def __init__(self, port: int) -> None:
        from aiohttp import web

        async def health(_):
            return web.json_response({"status": "ok"})

        async def webhook(request):
            return web.json_response({"error": "boom", "request_body": await request.json()}, status=500)

        self.app = web.Application()
        self.app.router.add_get("/health", health)
        self.app.router.add_post("/webhook", webhook)
        self.port = port
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)

    def __enter__(self):
        from aiohttp import web

        self.thread.start()
        self.runner = web.AppRunner(self.app, access_log=None)
        asyncio.run_coroutine_threadsafe(self.runner.setup(), self.loop).result(10)
        site = web.TCPSite(self.runner, "127.0.0.1", self.port)
        asyncio.run_coroutine_threadsafe(site.start(), self.loop).result(10)
        return self

    def __exit__(self, *_):
        asyncio.run_coroutine_threadsafe(self.runner.cleanup(), self.loop).result(10)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)


def store_and_failing_actions() -> List[bool]:
    results = []
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "private" / "conversations.db"
        store = f"tracker_store:\n  type: addons.tracker_store.StrictSQLTrackerStore\n  dialect: sqlite\n  db: {db}\n"
        user, words = f"ann-zq{uuid.uuid4().hex[:6]}", "my left calf has twitched for three weeks, zq-private"
        with (
            EchoingFailingActionServer(ACTIONS_PORT),
            rasa_server(MODEL, RASA_PORT, ACTIONS_PORT, endpoints_extra=store, api_secret=API_SECRET),
        ):
            time.sleep(7)  # the guard's background probe (every 5 s) has seen /health answer
            reply = say(user, words)
            kept = [e.get("text") for e in tracker_events(f"rest:{user}") if e.get("event") == "user"]
            mode = oct(db.stat().st_mode & 0o777), oct(db.parent.stat().st_mode & 0o777)
        log = (ROOT / "results/logs" / f"rasa-{RASA_PORT}.log").read_text(errors="replace")
    results.append(check("the SQLite store is 0600 in a 0700 folder", mode == ("0o600", "0o700"), mode))
    results.append(
        check(
            "a failing action call is answered with the apology, not silence",
            "can't run the symptom check right now" in reply,
            reply[:120],
        )
    )
    results.append(check("... and the user's message is kept in the conversation", kept == [words], kept))
    leaks = [word for word in ("zq-private", "left calf", user) if word in log]
    results.append(
        check(
            "... and no log line carries what the user wrote or their id",
            "answered with the apology" in log and not leaks,
            leaks or f"{log.count(chr(10))} lines checked",
        )
    )
    return results


def main() -> int:
    results = []
    slack, telegram = FakeSlackAPI(SLACK_TOKEN).start(), FakeTelegramAPI(TELEGRAM_TOKEN).start()
    env = {
        "SLACK_BOT_TOKEN": SLACK_TOKEN,
        "SLACK_SIGNING_SECRET": SLACK_SECRET,
        "SLACK_API_URL": slack.api_url,
        "TELEGRAM_BOT_TOKEN": TELEGRAM_TOKEN,
        "TELEGRAM_BOT_NAME": "TwitchHelpBot",
        "TELEGRAM_WEBHOOK_URL": "https://bot.example.org/webhooks/telegram/webhook",
        "TELEGRAM_WEBHOOK_SECRET": TELEGRAM_SECRET,
        "TELEGRAM_API_URL": telegram.url,
        "SOCKETIO_SESSION_SECRET": WIDGET_SECRET,
        # The per-client limit as `make run` has it for clients beyond this machine, here for the
        # flood's loopback clients (127.x addresses) too; the other tools' servers turn it off.
        "CLIENT_RATE_LIMIT_BURST": str(DEFAULT_CLIENT_BURST),
        "CLIENT_RATE_LIMIT_PER_MINUTE": str(DEFAULT_CLIENT_PER_MINUTE),
        "CLIENT_RATE_LIMIT_LOOPBACK": "on",
        "SANIC_BACKLOG": "1024",  # as scripts/run.sh sets it
    }
    try:
        with (
            action_server(ACTIONS_PORT),
            rasa_server(MODEL, RASA_PORT, ACTIONS_PORT, env=env, api_secret=API_SECRET) as rasa,
        ):
            time.sleep(7)  # the guard's background probe has seen the action server
            results += isolation(slack, telegram)
            results += widget_token_checks()
            results += action_server_checks()
            results += api_checks(rasa.pid)
            results += large_bodies(rasa.pid)
            results += flood_checks()
            results += surge_checks()
    finally:
        slack.stop()
        telegram.stop()
    results += store_and_failing_actions()
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
