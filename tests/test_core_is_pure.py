"""The pure core imports nothing from Rasa: every core module loads in an interpreter where
`rasa` and `rasa_sdk` cannot be imported."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORE_PACKAGES = ("actions/knowledge", "actions/symptoms", "actions/triage")
CORE_MODULES = ("actions/check_state.py", "actions/check_findings.py", "actions/presenting.py")


def core_modules() -> list[str]:
    files = [path for package in CORE_PACKAGES for path in sorted((ROOT / package).glob("*.py"))]
    files += [ROOT / module for module in CORE_MODULES]
    return [".".join(path.relative_to(ROOT).with_suffix("").parts) for path in files if path.name != "__init__.py"]


def test_the_core_imports_without_rasa():
    modules = core_modules()
    assert len(modules) > 20  # the packages were found
    code = (
        "import importlib, sys\n"
        "for blocked in ('rasa', 'rasa_sdk', 'tensorflow'):\n"  # tensorflow: keeps the interpreter fast
        "    sys.modules[blocked] = None\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('rasa', 'rasa_sdk') and sys.modules[m] is not None))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=dict(os.environ, PYTHONPATH=str(ROOT)),
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "[]"
