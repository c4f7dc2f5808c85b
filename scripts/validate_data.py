"""`rasa data validate`, failing on every warning except one provably false kind.

Rasa warns "The utterance 'utter_x' is not used in any story or rule" even when a form asks
it (utter_ask_<slot>, also for the check's follow-up questions, which its validation action
requests), a custom action sends it (dispatcher.utter_message(response=...)), a
project policy predicts it (addons/), the FAQ selector names it (utter_passage/<key>) or
Rasa's default action_restart does (utter_restart).
Those two are checked here instead: the response must really be used that way. Any other
warning, or an unused response that nothing uses, fails.
"""

import re
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from actions.check_state import FOLLOW_UP_QUESTIONS  # noqa: E402

UNUSED = re.compile(r"The utterance '(utter_[\w/]+)' is not used in any story or rule")
WARNING = re.compile(r"UserWarning: (.*)")


def used_outside_stories() -> set:
    """utter_ask_<slot> of the form's questions, and responses named in the actions' code."""
    domain = yaml.safe_load((ROOT / "domain.yml").read_text())
    form_slots = {s for form in domain.get("forms", {}).values() for s in form["required_slots"]}
    used = {f"utter_ask_{slot}" for slot in form_slots | set(FOLLOW_UP_QUESTIONS)}
    used.add("utter_restart")  # sent by Rasa's default action_restart
    code = "\n".join(p.read_text() for folder in ("actions", "addons") for p in (ROOT / folder).rglob("*.py"))
    names = set(re.findall(r"[\"'](utter_\w+)[\"']", code))
    prefixes = {n for n in names if n.endswith("_")}
    # A group of responses sent by name, as utter_faq sends a passage ("utter_passage/<key>"):
    # Rasa reports the group, utter_passage, as unused.
    used |= set(re.findall(r"[\"'](utter_\w+)/[\"']", code))
    for response in domain.get("responses", {}):
        if response in names or any(response.startswith(p) for p in prefixes):
            used.add(response)
    return used


def main() -> int:
    result = subprocess.run(
        [str(ROOT / ".venv/bin/rasa"), "data", "validate", "--fail-on-warnings"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    output = result.stdout + result.stderr
    allowed = used_outside_stories()
    problems = []
    for line in output.splitlines():
        match = WARNING.search(line)
        if not match or "rasa" not in line:
            continue
        unused = UNUSED.search(line)
        if unused and unused.group(1) in allowed:
            continue
        # Rasa's importer merges the retrieval intent from data/nlu/faq.yml into the domain,
        # which lists it too (without that, stories using `faq` fail validation).
        if "duplicated intents have been found across multiple domain files: faq" in line:
            continue
        problems.append(match.group(1))
    for problem in problems:
        print(f"warning: {problem}")
    if result.returncode != 0 or problems:
        print(output[-3000:] if result.returncode != 0 else "", file=sys.stderr)
        print(f"rasa data validate: {len(problems)} warning(s), exit code {result.returncode}")
        return 1
    print(f"rasa data validate: no warnings ({len(allowed)} responses used by forms or actions checked)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
