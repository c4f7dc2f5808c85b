"""Train NLU-only models for several configs and compare them on the same evaluation sets.

    python scripts/compare_nlu.py --eval tests/nlu_dev tests/nlu tests/nlu_newcomer tests/nlu_newcomer2 \
        --trained config.yml=models/twitch-assistant.tar.gz -- config.yml configs/nlu_plain.yml

Each config is trained with `rasa train nlu` on data/ (same data, same seeds) into
results/compare/, except one given with --trained (the bot's own model, trained from the
same data by `make train`: training it again cost CI ~2.5 min), then scripts/eval_nlu.py
prints its figures. Used to choose the pipeline
(`make compare-nlu`) and for the figures in the README. `--epochs N` trains each config's
neural components for N epochs only: a quick run of the tool itself (`make test-tools`), whose
figures compare nothing.
"""

import argparse
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
RASA = str(ROOT / ".venv/bin/rasa")
PY = str(ROOT / ".venv/bin/python")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("configs", nargs="+")
    parser.add_argument(
        "--eval", nargs="+", default=["tests/nlu_dev", "tests/nlu", "tests/nlu_newcomer", "tests/nlu_newcomer2"]
    )
    parser.add_argument(
        "--trained",
        nargs="*",
        default=[],
        metavar="CONFIG=MODEL",
        help="a model already trained with CONFIG (the bot's own): evaluated, not trained again",
    )
    parser.add_argument(
        "--epochs", type=int, help="train the neural components for this many epochs only (a quick run)"
    )
    args = parser.parse_args()
    trained = dict(pair.split("=", 1) for pair in args.trained)
    out = ROOT / "results" / "compare"
    out.mkdir(parents=True, exist_ok=True)
    for config in args.configs:
        name = Path(config).stem
        model = Path(trained[config]) if config in trained else out / f"{name}.tar.gz"
        if config not in trained:
            to_train = config if args.epochs is None else str(with_epochs(Path(config), args.epochs, out))
            subprocess.run(
                [
                    RASA,
                    "train",
                    "nlu",
                    "--config",
                    to_train,
                    "--nlu",
                    "data",
                    "--out",
                    str(out),
                    "--fixed-model-name",
                    name,
                ],
                cwd=ROOT,
                check=True,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        # one eval_nlu run per model: it loads the model once and scores every set on its own
        result = subprocess.run(
            [
                PY,
                "scripts/eval_nlu.py",
                str(model),
                "--heldout",
                *args.eval,
                "--out",
                str(out / f"{name}.json"),
                "--no-gate",
            ],
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        for line in result.stdout.splitlines():
            if line.startswith("== "):
                line = f"== {config} on {line[3:]}"
            if not line.startswith("  miss"):
                print(line, flush=True)
    return 0


def with_epochs(config: Path, epochs: int, out: Path) -> Path:
    """A copy of config whose components that train for epochs train for `epochs`."""
    data = yaml.safe_load(config.read_text(encoding="utf-8"))
    for component in data.get("pipeline") or []:
        if "epochs" in component:
            component["epochs"] = epochs
    path = out / f"{config.stem}.epochs{epochs}.yml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


if __name__ == "__main__":
    sys.exit(main())
