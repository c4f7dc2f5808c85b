"""The HTTP API's secret: from the environment or a file, never on a command line or in a URL.

Why: Rasa's `--auth-token` must be passed on the command line (every user of the machine
sees it in `ps`) and is checked only as `?token=` in the URL (so it lands in access logs,
proxy logs and shell history). Rasa's JWT option checks `Authorization: Bearer <JWT>`
instead. Its secret is read here from RASA_JWT_SECRET, or from the file RASA_JWT_SECRET_FILE
names (a Docker or Kubernetes secret), and handed to `rasa run` inside the process
(scripts/rasa_quiet.py), so it is never an argument of a command. Clients send a short-lived
admin token signed with it:

    python scripts/api_secret.py token    # a 5-minute admin JWT, for curl -H "Authorization: Bearer ..."
"""

import os
import sys
import time
from pathlib import Path
from typing import List, Mapping, Optional

SECRET_ENV, FILE_ENV = "RASA_JWT_SECRET", "RASA_JWT_SECRET_FILE"
METHOD = "HS256"
MIN_CHARS = 32
TOKEN_LIFETIME_S = 300


class SecretError(Exception):
    """The configured secret cannot be used; the message names the variable, never the value."""


def read_secret(env: Optional[Mapping[str, str]] = None) -> Optional[str]:
    """The API secret, or None when neither variable is set."""
    env = os.environ if env is None else env
    value = (env.get(SECRET_ENV) or "").strip()
    path = (env.get(FILE_ENV) or "").strip()
    if value and path:
        raise SecretError(f"Set {SECRET_ENV} or {FILE_ENV}, not both.")
    if path:
        try:
            value = Path(path).read_text().strip()
        except OSError as error:
            raise SecretError(f"{FILE_ENV}: cannot read {path} ({type(error).__name__}).") from None
        if not value:
            raise SecretError(f"{FILE_ENV}: {path} is empty.")
    if value and len(value) < MIN_CHARS:
        raise SecretError(f"The API secret must be at least {MIN_CHARS} characters (a long random value).")
    return value or None


def with_secret(argv: List[str], secret: Optional[str]) -> List[str]:
    """`rasa run ...` arguments with the JWT options added (other commands unchanged)."""
    if not secret or len(argv) < 2 or argv[1] != "run":
        return list(argv)
    return argv[:2] + ["--jwt-secret", secret, "--jwt-method", METHOD] + argv[2:]


def bearer_token(secret: str, lifetime_s: float = TOKEN_LIFETIME_S, now: Optional[float] = None) -> str:
    """An admin JWT that Rasa's API accepts for `lifetime_s` seconds."""
    import jwt

    issued = time.time() if now is None else now
    payload = {"user": {"username": "operator", "role": "admin"}, "exp": int(issued + lifetime_s)}
    return jwt.encode(payload, secret, algorithm=METHOD)


if __name__ == "__main__":
    if sys.argv[1:] != ["token"]:
        sys.exit("usage: python scripts/api_secret.py token")
    try:
        secret = read_secret()
    except SecretError as error:
        sys.exit(str(error))
    if secret is None:
        sys.exit(f"Neither {SECRET_ENV} nor {FILE_ENV} is set.")
    print(bearer_token(secret))
