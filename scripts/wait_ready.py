"""Wait until every URL given on the command line answers 200, or give up.

Used by scripts/run.sh so the "ready" message appears only when the bot can answer. With
the HTTP API's secret set (scripts/api_secret.py), the requests carry an admin JWT.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import api_secret  # noqa: E402
from bot_process import wait_until_up  # noqa: E402


def main(urls: list) -> int:
    try:
        secret = api_secret.read_secret()
        headers = {"Authorization": f"Bearer {api_secret.bearer_token(secret)}"} if secret else None
        for url in urls:
            wait_until_up(url, headers=headers)
    except (TimeoutError, api_secret.SecretError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
