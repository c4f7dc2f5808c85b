"""Rasa's HTTP API flags for `make run`: open on loopback, token-protected or off elsewhere.

An open HTTP API lets anyone read and rewrite every conversation (and is the precondition
of CVE-2024-49375), so outside local development it is on only behind RASA_API_TOKEN.
Prints one argument per line for scripts/run.sh; the note goes to stderr.

    python scripts/api_args.py INTERFACE    # RASA_API_TOKEN read from the environment
"""
import os
import sys
from typing import List, Optional, Tuple

LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def api_args(interface: str, token: Optional[str]) -> Tuple[List[str], str]:
    """(arguments for `rasa run`, a one-line note for the operator); never echoes the token."""
    token = (token or "").strip()
    if token:
        return ["--enable-api", "--auth-token", token], "HTTP API on, token required (RASA_API_TOKEN)."
    if interface in LOOPBACK:
        return ["--enable-api"], "HTTP API on for local development (127.0.0.1 only, no token)."
    return [], (
        f"HTTP API off: the server listens on {interface}, and the API needs a token there. "
        "Set RASA_API_TOKEN to turn it on."
    )


if __name__ == "__main__":
    arguments, note = api_args(sys.argv[1], os.environ.get("RASA_API_TOKEN"))
    print(note, file=sys.stderr)
    for argument in arguments:  # nothing at all when the API is off (no empty argument)
        print(argument)
