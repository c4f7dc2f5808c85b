"""One REST client flooding the bot with rotating sender ids, for scripts/check_privacy.py.

Runs in its own process so that its threads do not share an interpreter lock with the
requests the check times. THREADS senders each send, as fast as they are answered and
ignoring Retry-After, from the loopback address SOURCE (127.0.0.0/8 is all loopback, so
each address is another client to the server), until stdin closes. Prints one JSON line
with the counts so far when the first request is refused (its burst is spent), one for
each line read from stdin, and one when it stops:
    {"answered": n, "refused": n, "other": n, "at": monotonic seconds}

    python scripts/rest_flood.py URL SOURCE [THREADS]
"""

import http.client
import json
import sys
import threading
import time
import uuid
from urllib.parse import urlsplit

QUESTION = "what causes muscle twitching?"


def main() -> int:
    url, source = urlsplit(sys.argv[1]), sys.argv[2]
    threads = int(sys.argv[3]) if len(sys.argv) > 3 else 20
    counts = {"answered": 0, "refused": 0, "other": 0}
    lock, stop, refusing = threading.Lock(), threading.Event(), threading.Event()

    def report() -> None:
        with lock:
            print(json.dumps({**counts, "at": time.monotonic()}), flush=True)

    def flood(index: int) -> None:
        while not stop.is_set():
            body = json.dumps({"sender": f"rotating-{index}-{uuid.uuid4().hex[:6]}", "message": QUESTION})
            try:
                connection = http.client.HTTPConnection(url.hostname, url.port, timeout=30, source_address=(source, 0))
                connection.request("POST", "/webhooks/rest/webhook", body, {"Content-Type": "application/json"})
                status = connection.getresponse().status
                connection.close()
            except OSError:
                status = 0
            kind = {200: "answered", 429: "refused"}.get(status, "other")
            with lock:
                counts[kind] += 1
            if kind == "refused" and not refusing.is_set():
                refusing.set()
                report()

    workers = [threading.Thread(target=flood, args=(i,), daemon=True) for i in range(threads)]
    for worker in workers:
        worker.start()
    for _ in sys.stdin:  # until the check closes our stdin
        report()
    stop.set()
    for worker in workers:
        worker.join(35)
    report()
    return 0


if __name__ == "__main__":
    sys.exit(main())
