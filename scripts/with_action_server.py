"""Run a command while the action server is up on $ACTIONS_PORT (then stop it).

`rasa test core` never calls custom actions, but ActionServerGuardPolicy checks that the
action server answers before predicting them; the story tests run with it up, as in use.
    ACTIONS_PORT=5555 python scripts/with_action_server.py rasa test core ...
"""

import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bot_process import ACTION_TOKEN, action_server  # noqa: E402


def main() -> int:
    # The command reads endpoints.yml, which sends ACTION_SERVER_TOKEN to the action server.
    env = {**os.environ, "ACTION_SERVER_TOKEN": ACTION_TOKEN}
    with action_server(int(os.environ.get("ACTIONS_PORT", "5055"))):
        return subprocess.run(sys.argv[1:], env=env).returncode


if __name__ == "__main__":
    sys.exit(main())
