"""`rasa` without the dependencies' deprecation warnings, for `make run` (scripts/run.sh).

A normal start printed some thirty deprecation warnings about Rasa's dependencies, none of
them about this bot: importing Sanic turns DeprecationWarning on for every module ("once",
sanic/app.py), and Rasa's start-up shows every UserWarning once, pyparsing's deprecations
included (they are both). The ignore filters go in after both; every other warning is shown.

    python scripts/rasa_quiet.py run ...    # the same arguments as `rasa`
"""
import sys
import warnings

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

    sys.argv[0] = "rasa"
    sys.exit(main())
