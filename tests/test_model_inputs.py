"""The Makefile retrains the model when a model input changes, and only then."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# Modules that `rasa run` or the action server loads, but no training step runs.
RUNTIME_ONLY = [
    "addons/tracker_store.py", "addons/recent_window.py", "addons/event_types.py", "addons/lock_store.py",
    "addons/action_result_validation.py", "addons/channels/rest.py", "addons/channels/slack.py",
    "actions/symptom_check.py", "actions/assessment.py", "scripts/run.sh", "endpoints.yml", "credentials.yml",
]  # fmt: skip


def make_variable(name: str) -> list[str]:
    """The words of a Makefile variable, as make expands it."""
    rule = f"print-variable: ; @echo $({name})\n"
    result = subprocess.run(
        ["make", "-s", "-f", "Makefile", "-f", "-", "print-variable"],
        input=rule,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.split()


@pytest.fixture(scope="module")
def inputs() -> set[str]:
    return set(make_variable("MODEL_INPUTS"))


def components_in_config() -> set[str]:
    """The project's modules whose components config.yml trains."""
    names = re.findall(r"name:\s*(addons(?:\.\w+)+)\.[A-Z]\w*", (ROOT / "config.yml").read_text(encoding="utf-8"))
    return {name.replace(".", "/") + ".py" for name in names}


def test_the_training_files_are_inputs(inputs):
    data = {str(path.relative_to(ROOT)) for path in (ROOT / "data").rglob("*") if path.is_file()}
    assert {"config.yml", "domain.yml", "build/spacy_pipeline/meta.json"} <= inputs
    assert len(data) > 10 and data <= inputs


def test_the_code_of_every_trained_component_is_an_input(inputs):
    components = components_in_config()
    assert {
        "addons/canonical_text.py",
        "addons/faq_topic_selector.py",
        "addons/symptom_entities.py",
        "addons/emergency_policy.py",
    } <= components
    assert components <= inputs
    assert all((ROOT / module).is_file() for module in components)


@pytest.mark.parametrize("path", RUNTIME_ONLY)
def test_a_runtime_only_file_is_not_an_input(inputs, path):
    assert (ROOT / path).is_file()
    assert path not in inputs


def what_make_runs(changed: str, tmp_path: Path) -> str:
    """The commands `make train` would run if `changed` were edited, for a model just trained."""
    model = tmp_path / "model.tar.gz"
    model.touch()
    result = subprocess.run(
        ["make", "-n", "-W", changed, "train", f"MODEL={model}"], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return result.stdout


@pytest.mark.parametrize(
    "changed, trains, cache_emptied",
    [
        ("addons/tracker_store.py", False, False),
        ("addons/channels/telegram.py", False, False),
        ("data/rules.yml", True, False),
        ("domain.yml", True, False),
        ("addons/faq_topic_selector.py", True, True),  # a module-level helper trains it
        ("build/spacy_pipeline/meta.json", True, True),
    ],
)
def test_what_a_change_retrains(tmp_path, changed, trains, cache_emptied):
    commands = what_make_runs(changed, tmp_path)
    assert ("rasa train" in commands) is trains, commands
    assert ("rm -rf .rasa/cache" in commands) is cache_emptied, commands
