"""Held-out NLU evaluation: what the bot would answer to questions it never trained on.

Loads a trained model once and parses every example in each held-out folder (tests/nlu/, written
alongside the training data, and tests/nlu_newcomer/ and tests/nlu_newcomer2/, each written blind
from the articles alone; none is ever used for training), scoring each set on its own.
Prints intent macro-F1, response-selection accuracy, the FAQ answer rate (right article-backed
answer, which always ends with a Source line) and out-of-scope leaks (a Source line where the
articles are silent). Exits non-zero below the quality bar, so `make test` catches regressions.

Usage: python scripts/eval_nlu.py MODEL [--heldout tests/nlu tests/nlu_newcomer tests/nlu_newcomer2] [--out results/nlu_heldout.json]
"""
import argparse
import asyncio
import json
import logging
import sys
from pathlib import Path

from sklearn.metrics import f1_score

# The goal is 0.95 (figures: docs/benchmarks.md).
# The gate catches regressions.
MIN_FAQ_ANSWER_RATE = 0.9
FAQ = "faq"
CHECK = "describe_symptoms"
QUESTION_TOPIC = "question_topic"


def load_examples(folder: Path) -> list:
    """(text, intent, response_key) for each held-out example."""
    from rasa.shared.nlu.training_data.loading import load_data

    data = load_data(str(folder))
    return [
        (m.get("text"), m.get("intent"), m.get("intent_response_key"))
        for m in data.intent_examples
    ]


def predicted_answer(parse: dict) -> tuple:
    """The intent the dialogue acts on, and the FAQ topic it would answer with: a `faq`
    question, or one about the user's own symptoms, answered as the check starts
    (actions/symptom_check.py)."""
    intent = parse["intent"]["name"]
    key = None
    if intent == FAQ or answered_before_check(parse):
        key = parse["response_selector"][FAQ]["response"]["intent_response_key"]
    return intent, key


def answered_before_check(parse: dict) -> bool:
    return parse["intent"]["name"] == CHECK and any(e["entity"] == QUESTION_TOPIC for e in parse["entities"])


async def parse_all(model: str, texts: list) -> list:
    from rasa.core.agent import Agent
    from rasa.utils.log_utils import configure_structlog

    configure_structlog(logging.WARNING)  # Rasa's structlog prints every parse at debug otherwise

    agent = Agent.load(model)
    return [await agent.parse_message(text) for text in texts]


def score(examples: list, parses: list) -> dict:
    """The figures for one held-out set, and every example the bot would get wrong."""
    gold_intents, predicted_intents, misses = [], [], []
    faq_total = faq_right = rs_right = leaks = oos_total = then_checked = 0
    for (text, intent, key), parse in zip(examples, parses):
        got_intent, got_key = predicted_answer(parse)
        gold_intents.append(intent)
        predicted_intents.append(got_intent)
        if intent == FAQ:
            faq_total += 1
            faq_right += got_key == key
            then_checked += got_key == key and got_intent == CHECK
            rs_right += parse["response_selector"][FAQ]["response"]["intent_response_key"] == key
        leaks += intent == "out_of_scope" and got_key is not None
        oos_total += intent == "out_of_scope"
        right = got_key == key if intent == FAQ else (got_intent, got_key) == (intent, None)
        if not right:
            misses.append({"text": text, "gold": key or intent, "predicted": got_key or got_intent})
    labels = sorted(set(gold_intents))
    return {
        "examples": len(examples), "faq": faq_total, "out_of_scope": oos_total,
        "macro_f1": f1_score(gold_intents, predicted_intents, labels=labels, average="macro", zero_division=0),
        "response_selection": rs_right / faq_total if faq_total else 0.0,
        "faq_right": faq_right, "faq_rate": faq_right / faq_total if faq_total else 0.0,
        "then_checked": then_checked, "leaks": leaks, "misses": misses,
    }


def report(folder: str, result: dict) -> None:
    print(f"== {folder}")
    print(f"held-out examples:            {result['examples']} ({result['faq']} faq, {result['out_of_scope']} out_of_scope)")
    print(f"intent macro-F1:              {result['macro_f1']:.3f}")
    print(f"response-selection accuracy:  {result['response_selection']:.3f}")
    print(f"FAQ answered right (Source):  {result['faq_rate']:.3f} ({result['faq_right']}/{result['faq']}; "
          f"{result['then_checked']} of them then start the symptom check)")
    print(f"out-of-scope given a Source:  {result['leaks']}/{result['out_of_scope']}")
    for row in result["misses"]:
        print(f"  miss: {row['text']!r}: expected {row['gold']}, got {row['predicted']}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("model")
    parser.add_argument("--heldout", nargs="+", default=["tests/nlu"], help="one or more folders, each scored on its own")
    parser.add_argument("--out", default="results/nlu_heldout.json")
    parser.add_argument("--no-gate", action="store_true", help="report only, never fail")
    args = parser.parse_args()
    logging.disable(logging.WARNING)

    sets = {folder: load_examples(Path(folder)) for folder in args.heldout}
    texts = [text for examples in sets.values() for text, _, _ in examples]
    parses = iter(asyncio.run(parse_all(args.model, texts)))  # one model load for every set
    results = {}
    for folder, examples in sets.items():
        results[folder] = score(examples, [next(parses) for _ in examples])
        report(folder, results[folder])
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(results, indent=2))

    failing = [f for f, r in results.items() if r["faq_rate"] < MIN_FAQ_ANSWER_RATE or r["leaks"]]
    if failing and not args.no_gate:
        print(f"FAIL: {', '.join(failing)}: need FAQ rate >= {MIN_FAQ_ANSWER_RATE} and no out-of-scope leaks",
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
