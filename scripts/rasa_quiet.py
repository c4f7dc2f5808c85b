"""`rasa` without the dependencies' deprecation warnings, for `make run` (scripts/run.sh).

A normal start printed some thirty deprecation warnings about Rasa's dependencies, none of
them about this bot: importing Sanic turns DeprecationWarning on for every module ("once",
sanic/app.py), and Rasa's start-up shows every UserWarning once, pyparsing's deprecations
included (they are both). The ignore filters go in after both; every other warning is shown.

    python scripts/rasa_quiet.py run ...    # the same arguments as `rasa`

`run` also gets the HTTP API's JWT secret from the environment or a file here, inside the
process, so it is never on a command line (scripts/api_secret.py).
"""

import sys
import warnings
from pathlib import Path

import rasa.utils.common
import sanic.app  # noqa: F401  (Sanic's filter is installed at import: before ours)

_rasa_filters = rasa.utils.common._filter_warnings


def ignore_deprecations() -> None:
    """Deprecation warnings off, ahead of every filter installed so far."""
    for category in (DeprecationWarning, PendingDeprecationWarning):
        warnings.filterwarnings("ignore", category=category)


def rasa_filters_then_ours(*args, **kwargs) -> None:
    """Rasa's warning filters, then ours ahead of them."""
    _rasa_filters(*args, **kwargs)
    ignore_deprecations()


ignore_deprecations()
rasa.utils.common._filter_warnings = rasa_filters_then_ours

if __name__ == "__main__":
    from rasa.__main__ import main

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import api_secret

    try:
        secret = api_secret.read_secret()
    except api_secret.SecretError as error:
        sys.exit(f"rasa: {error}")
    sys.argv = api_secret.with_secret(["rasa", *sys.argv[1:]], secret)  # /proc/<pid>/cmdline keeps the original
    sys.exit(main())
