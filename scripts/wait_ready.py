"""Wait until every URL given on the command line answers 200, or give up.

Used by scripts/run.sh so the "ready" message appears only when the bot can answer.
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bot_process import wait_until_up  # noqa: E402


def main(urls: list) -> int:
    try:
        for url in urls:
            wait_until_up(url)
    except TimeoutError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
