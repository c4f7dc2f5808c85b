"""Run the README's `make run` as a user would and use every way in it talks to the bot.

`make web-test` (part of `make test`) calls this, so the README cannot drift:
1. `make run` on spare ports, waiting for its "is running" message;
2. the chat widget's browser test (tests/e2e/, headless Chromium) on the demo page it serves;
3. `make shell` with a typed question and a symptom description (the action server, through
   endpoints.yml), and the README's curl example;
4. Ctrl-C (SIGINT to the process group), which must stop everything within 30 s.
"""

import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from check_report import check

ROOT = Path(__file__).resolve().parent.parent
PORTS = {"RASA_PORT": "5205", "ACTIONS_PORT": "5255", "WEB_PORT": "8205"}
START_TIMEOUT_S = 300


def wait_for_ready(log: Path, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if "The assistant is running" in log.read_text(errors="replace"):
            return
        if process.poll() is not None:
            raise SystemExit(f"make run exited with {process.returncode}; see {log}")
        time.sleep(2)
    raise SystemExit(f"make run not ready after {START_TIMEOUT_S} s; see {log}")


def port_open(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(1)
        return probe.connect_ex(("127.0.0.1", port)) == 0


def readme_curl() -> str:
    """The curl example from the README, pointed at the test port."""
    text = (ROOT / "README.md").read_text()
    block = re.search(r"(curl -s localhost:5005/webhooks/rest/webhook.*?\}')", text, re.S).group(1)
    return block.replace("\\\n", " ").replace("localhost:5005", f"localhost:{PORTS['RASA_PORT']}")


def main() -> int:
    env = {**os.environ, **PORTS}
    log = ROOT / "results" / "logs" / "make-run.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    run = subprocess.Popen(
        ["make", "run", *(f"{k}={v}" for k, v in PORTS.items())],
        cwd=ROOT,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    results = []
    try:
        wait_for_ready(log, run)
        results.append(check("make run prints how to talk to the bot", "make shell" in log.read_text()))
        widget = subprocess.run(
            [str(ROOT / "tests/e2e/run.sh"), "real"],
            cwd=ROOT,
            timeout=300,
            env={**env, "BOT_URL": f"http://localhost:{PORTS['RASA_PORT']}", "PAGE_PORT": PORTS["WEB_PORT"]},
        )
        results.append(check("chat widget in Chromium", widget.returncode == 0))
        shell = subprocess.run(
            ["make", "-s", "shell", f"RASA_PORT={PORTS['RASA_PORT']}"],
            cwd=ROOT,
            env=env,
            timeout=120,
            input="what causes muscle twitching?\nmy left calf has twitched for three weeks\n",
            capture_output=True,
            text=True,
        )
        results.append(check("make shell answers with a source", "Source" in shell.stdout, shell.stdout[-500:]))
        # Needs the action server through endpoints.yml, as `make run` starts it.
        results.append(
            check(
                "make shell: a symptom description starts the check",
                "other symptoms" in shell.stdout,
                shell.stdout[-500:],
            )
        )
        curl = subprocess.run(readme_curl(), shell=True, cwd=ROOT, timeout=60, capture_output=True, text=True)
        results.append(check("README curl example answers", '"text"' in curl.stdout, curl.stdout[-300:]))
    finally:
        os.killpg(run.pid, signal.SIGINT)
        try:
            run.wait(timeout=30)
            stopped = True
        except subprocess.TimeoutExpired:
            os.killpg(run.pid, signal.SIGKILL)
            stopped = False
    # make itself dies of the SIGINT (as in a terminal); what matters is that nothing is left.
    time.sleep(2)
    left = [port for port in PORTS.values() if port_open(int(port))]
    results.append(check("Ctrl-C stops everything", stopped and not left, f"still listening: {left}"))
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
