"""Rasa's HTTP API flags for `make run`: open on loopback, behind a JWT secret or off elsewhere.

An open HTTP API lets anyone read and rewrite every conversation (and is the precondition
of CVE-2024-49375), so outside local development it is on only with RASA_JWT_SECRET (or
RASA_JWT_SECRET_FILE) set; every call then needs `Authorization: Bearer <JWT>`. The secret
is never one of these arguments: scripts/rasa_quiet.py adds it inside the process
(scripts/api_secret.py). Prints one argument per line for scripts/run.sh; the note goes
to stderr.

    python scripts/api_args.py INTERFACE    # the variables read from the environment
"""

import os
import sys
from pathlib import Path
from typing import List, Mapping, Tuple

sys.path.insert(0, str(Path(__file__).resolve().parent))
from api_secret import FILE_ENV, SECRET_ENV  # noqa: E402

LOOPBACK = {"127.0.0.1", "localhost", "::1"}
LEGACY_ENV = "RASA_API_TOKEN"


def api_args(interface: str, env: Mapping[str, str]) -> Tuple[List[str], str]:
    """(arguments for `rasa run`, a one-line note for the operator); never a secret."""
    legacy = (
        f" {LEGACY_ENV} is ignored: Rasa checks that token in URLs; set {SECRET_ENV} instead."
        if (env.get(LEGACY_ENV) or "").strip()
        else ""
    )
    if (env.get(SECRET_ENV) or "").strip() or (env.get(FILE_ENV) or "").strip():
        return ["--enable-api"], (
            f"HTTP API on; every call needs 'Authorization: Bearer <JWT>' signed with {SECRET_ENV} "
            f"(python scripts/api_secret.py token).{legacy}"
        )
    if interface in LOOPBACK:
        return ["--enable-api"], f"HTTP API on for local development (127.0.0.1 only, no token).{legacy}"
    return [], (
        f"HTTP API off: the server listens on {interface}, and the API needs a secret there. "
        f"Set {SECRET_ENV} (or {FILE_ENV}) to turn it on.{legacy}"
    )


if __name__ == "__main__":
    arguments, note = api_args(sys.argv[1], os.environ)
    print(note, file=sys.stderr)
    for argument in arguments:  # nothing at all when the API is off (no empty argument)
        print(argument)
