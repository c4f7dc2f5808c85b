"""The action server: rasa-sdk's app, on 127.0.0.1 unless told otherwise, with a shared secret.

    python -m actions.server [--port 5055] [--interface 127.0.0.1]

Why not `rasa run actions`: it listens on 0.0.0.0 without authentication, allows every
CORS origin, and answers an error with the whole tracker it was sent (every user message),
which Rasa then writes into its own log. Here:
  - it listens on 127.0.0.1; another interface (--interface or ACTION_SERVER_INTERFACE) is
    accepted only with ACTION_SERVER_TOKEN set, otherwise start-up stops with the reason;
  - with ACTION_SERVER_TOKEN set, /webhook and /actions need `Authorization: Bearer <token>`,
    which the Rasa server sends (endpoints.yml `action_endpoint: headers:`); /health stays
    open for the Rasa server's probe (addons/action_server_guard.py);
  - no CORS: only the Rasa server calls it, never a browser;
  - an error is answered with a short reason, never with the request, and the log filter
    (actions/log_privacy.py) knows the call's user messages, so a traceback that quotes
    one does not write it into the log;
  - a body over MAX_CALL_BYTES is refused (413) before it is read.
"""

import argparse
import hmac
import logging
import os
import sys
import types
from typing import Mapping, Optional, Text, Union

from rasa_sdk import endpoint, utils
from sanic import Sanic, response
from sanic.exceptions import SanicException
from sanic.request import Request
from sanic.response import HTTPResponse

from actions.log_privacy import install as install_log_privacy, remember_user_text
from actions.loopback import is_loopback

logger = logging.getLogger(__name__)

TOKEN_ENV = "ACTION_SERVER_TOKEN"
INTERFACE_ENV = "ACTION_SERVER_INTERFACE"
DEFAULT_INTERFACE = "127.0.0.1"
DEFAULT_PORT = 5055
MIN_TOKEN_CHARS = 32
OPEN_PATHS = frozenset({"/health"})
# A call carries the domain (~31 KB) and the recent window of the tracker (10 user turns,
# ~10 KB each with their parse data): 1 MB is several times that, and refusing more keeps
# one client from stalling the server (a 1 MB call once took 1.9 s to parse).
MAX_CALL_BYTES = 1_000_000


class StartupRefused(SystemExit):
    """The server must not start with this configuration."""


def bearer_token(request: Request) -> Text:
    scheme, _, value = (request.headers.get("Authorization") or "").partition(" ")
    return value.strip() if scheme.lower() == "bearer" else ""


def remember_user_texts(request: Request) -> None:
    """Tell the log filter what the users in this call wrote (rasa-sdk parses the body once)."""
    if request.path != "/webhook" or request.headers.get("Content-Encoding") == "deflate":
        return
    try:
        call = request.json
    except Exception:  # an unreadable body is rasa-sdk's to answer
        return
    tracker = call.get("tracker") if isinstance(call, dict) else None
    if not isinstance(tracker, dict):
        return
    latest = tracker.get("latest_message")
    remember_user_text(latest.get("text") if isinstance(latest, dict) else None)
    for event in tracker.get("events") or []:
        if isinstance(event, dict) and event.get("event") == "user":
            remember_user_text(event.get("text"))


def create_app(token: Optional[Text], actions: Union[Text, types.ModuleType] = "actions.registry") -> Sanic:
    """rasa-sdk's app with the checks above; `token` None or empty means no authentication."""
    app = endpoint.create_app(actions, cors_origins=None)
    app.config.REQUEST_MAX_SIZE = MAX_CALL_BYTES
    expected = (token or "").encode("utf-8")

    @app.middleware("request")
    async def require_token(request: Request) -> Optional[HTTPResponse]:
        if request.path in OPEN_PATHS:
            return None
        if not expected or hmac.compare_digest(expected, bearer_token(request).encode("utf-8", "replace")):
            remember_user_texts(request)
            return None
        logger.warning("Refused an action server call without the right token (%s %s).", request.method, request.path)
        return response.json({"error": "unauthorised"}, status=401, headers={"WWW-Authenticate": "Bearer"})

    async def answer_without_the_request(request: Request, exception: Exception) -> HTTPResponse:
        # rasa-sdk's own handler puts the request body (the tracker) into the response.
        if isinstance(exception, SanicException):
            status = exception.status_code
            return response.json({"error": type(exception).__name__}, status=status)
        logger.error("An action failed (%s).", type(exception).__name__, exc_info=exception)
        return response.json({"error": "the action failed; see the action server's log"}, status=500)

    app.error_handler.add(Exception, answer_without_the_request)
    return app


def settings(interface: Text, env: Mapping[str, str]) -> Optional[Text]:
    """The token to require, after refusing a network interface without one."""
    token = (env.get(TOKEN_ENV) or "").strip() or None
    if not token and not is_loopback(interface):
        raise StartupRefused(
            f"Refusing to start the action server on {interface}: anyone who can reach it could run "
            f"actions and read what they are sent. Set {TOKEN_ENV} (and send it from Rasa: endpoints.yml), "
            f"or listen on {DEFAULT_INTERFACE}."
        )
    if token and len(token) < MIN_TOKEN_CHARS:
        logger.warning("%s is shorter than %d characters; use a long random value.", TOKEN_ENV, MIN_TOKEN_CHARS)
    return token


def argument_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description="Start the action server (rasa-sdk) for the assistant.")
    parser.add_argument("-p", "--port", type=int, default=DEFAULT_PORT)
    parser.add_argument("--interface", default=os.environ.get(INTERFACE_ENV) or DEFAULT_INTERFACE)
    parser.add_argument("--actions", default="actions.registry", help="module (or package) of the actions to serve")
    utils.add_logging_level_option_arguments(parser)
    return parser


def main(argv: Optional[list] = None) -> None:
    args = argument_parser().parse_args(argv)
    utils.configure_colored_logging(args.loglevel)
    utils.update_sanic_log_level()
    install_log_privacy()
    token = settings(args.interface, os.environ)
    app = create_app(token, args.actions)
    logger.info(
        "Action server on http://%s:%d (%s).",
        args.interface,
        args.port,
        "token required" if token else "no token: this machine only",
    )
    app.run(args.interface, args.port, workers=utils.number_of_sanic_workers(), access_log=False)


if __name__ == "__main__":
    try:
        main()
    except StartupRefused as refused:
        logger.critical(str(refused))
        sys.exit(str(refused))
