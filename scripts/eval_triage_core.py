"""Offline triage evaluation on vignette files, without Rasa: extraction + rules only.

    .venv/bin/python scripts/eval_triage_core.py                      # dev and held-out
    .venv/bin/python scripts/eval_triage_core.py tests/triage/vignettes_dev.yml

For each vignette the first message and then the answers to the questions the form would
ask go through the form's own state machine (``actions.check_state.update_check``), and the
rule table gives a tier. Printed per file:

* exact-tier accuracy,
* safe rate: predicted tier equal to or more urgent than expected,
* under-triage count (predicted less urgent than expected) - the number that must be 0,
* emergency recall: EMERGENCY vignettes predicted EMERGENCY,
* self-care over-escalation: SELF-CARE vignettes sent to URGENT or EMERGENCY,
* every miss with the fired rule ids.

Exit status 1 if any file has under-triage, so CI can gate on it.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import Any, Dict, List, Optional

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from actions.symptoms.extract import extract_message  # noqa: E402
from actions.check_state import FORM_SLOTS, Turn, triage_input, update_check  # noqa: E402
from actions.triage.assess import assess  # noqa: E402
from actions.triage.rules import Tier, TriageInput  # noqa: E402

DEFAULT_FILES = [ROOT / "tests/triage/vignettes_dev.yml", ROOT / "tests/triage/vignettes_heldout.yml"]


# Vignettes written as forum posts (tests/triage/vignettes_realistic.yml) carry only the text and
# the tier; the person answers the bot's questions from what they wrote: how it started as the
# text says, "not sure" to how long and where (the text says it if it knows), "no" to the rest.
_SUDDEN = re.compile(r"\bsudden|out of nowhere|all at once|overnight", re.IGNORECASE)


def as_conversation(post: dict) -> dict:
    """A forum-post vignette (text, tier) in the conversation form (message, answers, expected)."""
    onset = post.get("onset") or ("sudden" if _SUDDEN.search(post["text"]) else "gradual")
    answers = {"duration": "not sure", "location": "not sure", "other_symptoms": "no", "onset": onset}
    return {"id": post["id"], "message": post["text"], "answers": answers, "expected": post["tier"]}


def load_vignettes(path: Path) -> List[dict]:
    """The vignettes of a file in either form (a list of conversations, or ``vignettes:`` posts)."""
    data = yaml.safe_load(path.read_text())
    if isinstance(data, dict):
        return [as_conversation(post) for post in data["vignettes"]]
    return data


# The form's question order (domain.yml) and which vignette answer replies to each.
ANSWER_FOR = {
    "duration_days": "duration",
    "body_locations": "location",
    "other_symptoms": "other_symptoms",
    "onset": "onset",
}
MAX_TURNS = 10


def turn(text: str, requested_slot: Optional[str], intent: Optional[str] = None) -> Turn:
    """A user message as the form would see it, with the server path's extraction."""
    return Turn(text=text, intent=intent, mentions=extract_message(text).mentions, requested_slot=requested_slot)


def predict(vignette: dict):
    """The assessment the bot would give for one vignette: the first message, then the same
    state machine as the form (actions.check_state.update_check), asking each unfilled
    question in the form's order and answering it from the vignette, then the rule table."""
    findings = extract_message(vignette["message"])
    if findings.emergency_signs:
        inp = TriageInput.from_findings(findings)
        return inp, assess(inp)
    answers = vignette.get("answers") or {}
    slots: Dict[str, Any] = dict(update_check({}, turn(vignette["message"], None)).slots)
    for _ in range(MAX_TURNS):
        asked = next((slot for slot in FORM_SLOTS if slots.get(slot) is None), None)
        if asked is None:
            break
        if asked == "details_confirmed":
            slots.update(update_check(slots, turn("/affirm", asked, intent="affirm")).slots)
            continue
        answer = answers.get(ANSWER_FOR[asked])
        slots.update(update_check(slots, turn(str(answer) if answer is not None else "not sure", asked)).slots)
    inp = triage_input(slots)
    return inp, assess(inp)


def evaluate(path: Path) -> int:
    vignettes = load_vignettes(path)
    rows = []
    for v in vignettes:
        inp, result = predict(v)
        rows.append((v, Tier.from_label(v["expected"]), result.tier, ", ".join(result.rule_ids)))
    return report(str(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path), rows)


def report(name: str, rows: list) -> int:
    """Print the metrics for (vignette, expected tier, predicted tier, detail) rows; returns
    the under-triage count. Shared with scripts/eval_triage.py (the same over REST)."""
    n = len(rows)
    exact = sum(1 for _, e, p, _ in rows if e == p)
    safe = sum(1 for _, e, p, _ in rows if p >= e)
    under = [r for r in rows if r[2] < r[1]]
    emergencies = [r for r in rows if r[1] == Tier.EMERGENCY]
    caught = sum(1 for r in emergencies if r[2] == Tier.EMERGENCY)
    self_care = [r for r in rows if r[1] == Tier.SELF_CARE]
    escalated = sum(1 for r in self_care if r[2] >= Tier.URGENT)

    def pct(a: int, b: int) -> str:
        return f"{100.0 * a / b:.1f}%" if b else "n/a"

    print(f"== {name}  ({n} vignettes)")
    print(f"exact-tier accuracy      {exact}/{n} = {pct(exact, n)}")
    print(f"safe rate (>= expected)  {safe}/{n} = {pct(safe, n)}")
    print(f"under-triage             {len(under)}")
    print(f"emergency recall         {caught}/{len(emergencies)} = {pct(caught, len(emergencies))}")
    print(f"self-care -> URGENT/EMERGENCY  {escalated}/{len(self_care)} = {pct(escalated, len(self_care))}")
    per_tier = {}
    for _, e, p, _ in rows:
        total, ok = per_tier.get(e, (0, 0))
        per_tier[e] = (total + 1, ok + (e == p))
    print("per expected tier        " + ", ".join(f"{t.label} {ok}/{tot}" for t, (tot, ok) in sorted(per_tier.items())))
    misses = [r for r in rows if r[1] != r[2]]
    if misses:
        print("misses:")
        for v, e, p, detail in misses:
            kind = "UNDER" if p < e else "over"
            print(f"  {v['id']} [{kind}] expected {e.label}, got {p.label} ({detail})")
            print(f"      message: {v['message']}")
    print()
    return len(under)


def main(argv: List[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path, help="vignette YAML files (default: dev and held-out)")
    args = parser.parse_args(argv)
    files = [f if f.is_absolute() else (Path.cwd() / f) for f in args.files] or DEFAULT_FILES
    under = sum(evaluate(f.resolve()) for f in files)
    return 1 if under else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
