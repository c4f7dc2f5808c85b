"""Run the chat widget's browser test (tests/e2e/) against the real bot (`make web-test`).

Starts the trained bot with the action server on 127.0.0.1, allows the demo page's origin
(CORS), and runs tests/e2e/run.sh in `real` mode, which serves the page and drives Chromium.
"""
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from bot_process import running_bot  # noqa: E402

BOT_PORT, ACTIONS_PORT, PAGE_PORT = 5205, 5255, 8205


def main() -> int:
    model = sys.argv[1] if len(sys.argv) > 1 else str(ROOT / "models/twitch-assistant.tar.gz")
    origins = (f"http://localhost:{PAGE_PORT}", f"http://127.0.0.1:{PAGE_PORT}")
    with running_bot(model, BOT_PORT, ACTIONS_PORT, cors=origins):
        env = {**os.environ, "BOT_URL": f"http://localhost:{BOT_PORT}", "PAGE_PORT": str(PAGE_PORT)}
        return subprocess.run([str(ROOT / "tests/e2e/run.sh"), "real"], cwd=ROOT, env=env, timeout=300).returncode


if __name__ == "__main__":
    sys.exit(main())
