"""Wait until every URL given on the command line answers 200, or give up.

Used by scripts/run.sh so the "ready" message appears only when the bot can answer.
"""
import sys
import time
import urllib.request

TIMEOUT_S = 300


def is_up(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


def main(urls: list) -> int:
    deadline = time.monotonic() + TIMEOUT_S
    while time.monotonic() < deadline:
        if all(is_up(url) for url in urls):
            return 0
        time.sleep(1)
    print(f"error: not ready after {TIMEOUT_S} s: {', '.join(urls)}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
