"""The action server serves every action of the domain and loads no language pipeline."""

import importlib
import os
import pkgutil
import subprocess
import sys
from pathlib import Path

import yaml
from rasa_sdk import Action

import actions
from actions.registry import SERVED

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("spacy", "medspacy", "sklearn", "scipy", "tensorflow", "thinc", "rapidfuzz", "rasa")


def project_actions() -> set:
    """Every rasa-sdk Action class defined anywhere in the actions package."""
    for module in pkgutil.walk_packages(actions.__path__, "actions."):
        importlib.import_module(module.name)
    found, pending = set(), list(Action.__subclasses__())
    while pending:
        cls = pending.pop()
        pending += cls.__subclasses__()
        if cls.__module__.startswith("actions."):
            found.add(cls)
    return found


def test_every_action_of_the_package_and_the_domain_is_served():
    assert project_actions() == set(SERVED)
    domain = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
    custom = {name for name in domain["actions"] if not name.startswith("utter_")}
    assert {cls().name() for cls in SERVED} == custom


def test_the_served_actions_load_no_language_pipeline():
    code = (
        "import sys, resource\n"
        "import rasa_sdk.endpoint, actions.registry\n"
        f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=dict(os.environ, PYTHONPATH=str(ROOT)),
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip().splitlines()[-1] == "[]"
