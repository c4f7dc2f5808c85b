"""What every channel sets up for the whole Rasa server when Rasa registers it.

Rasa 3.6 offers no hook into the Sanic app it builds, but it registers each channel's
blueprint on that app before the server starts; our channels' blueprints are the classes
below, and the first registration does the work (it is the same whatever the channel set):
  - request bodies over MAX_REQUEST_BYTES and websocket frames over MAX_WEBSOCKET_BYTES
    are refused (413) before they are buffered: Sanic's default is 100 MB, and eight
    concurrent 95 MB uploads took the server from 1.07 to 1.95 GB. The HTTP API gets the
    same limit, so uploading a model or training data through it is not possible;
  - requests a browser page on another site could make are refused before any route runs:
    a state-changing request (POST, PUT, PATCH, DELETE) whose Origin is not in
    `rasa run --cors` gets 403, and on the HTTP API (everything outside /webhooks/ and
    /socket.io/) one whose body is not JSON gets 415, so a "simple" cross-site form or
    text POST never reaches it; a Host header that is not this machine's (or listed in
    RASA_ALLOWED_HOSTS) gets 403 while the server listens on loopback, or whenever
    RASA_ALLOWED_HOSTS is set (a page rebinding its own name to 127.0.0.1 cannot reach it);
  - a failed custom action call is answered with the apology (addons/action_failures.py);
  - the log filter (actions/log_privacy.py) on every handler, so no log line carries user
    text, a tracker or a raw conversation id; installed again once the server starts.
"""

from typing import Any, Optional

from rasa.core.channels.socketio import SocketBlueprint
from sanic import Blueprint, response
from sanic.exceptions import PayloadTooLarge
from sanic.response import HTTPResponse

from actions import log_privacy
from addons import action_failures
from addons.channels.network import listens_on_loopback_only
from addons.channels.origins import configured_hosts, cors_allows, host_allowed

# The largest message any channel can carry: a Slack message (40,000 characters, sent as
# text and again in its blocks, up to 3 UTF-8 bytes each) fits; a widget, REST or Telegram
# message (2,000 / 4,096 characters) is far smaller.
MAX_REQUEST_BYTES = 256_000
MAX_WEBSOCKET_BYTES = 64_000  # socket.io frames: one widget message (2,000 characters)
_DONE_ATTR = "twitch_server_policy"
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
CHANNEL_PREFIXES = ("/webhooks/", "/socket.io")  # channels read their own bodies (socket.io checks Origin too)


def refusal(request: Any) -> Optional[HTTPResponse]:
    """The answer to a request no page on another site may make, or None."""
    extra_hosts = configured_hosts()
    if (extra_hosts or listens_on_loopback_only(request.app)) and not host_allowed(request.host, extra_hosts):
        return response.json({"error": "Unexpected Host header (set RASA_ALLOWED_HOSTS for other names)."}, status=403)
    if request.method not in UNSAFE_METHODS:
        return None
    origin = request.headers.get("Origin")
    if origin and not request.path.startswith("/socket.io") and not cors_allows(request, origin):
        return response.json({"error": "Requests from this origin are not allowed (rasa run --cors)."}, status=403)
    on_api = not request.path.startswith(CHANNEL_PREFIXES)
    media_type = (request.headers.get("Content-Type") or "").split(";")[0].strip().lower()
    if on_api and media_type != "application/json":
        return response.json({"error": "The HTTP API takes JSON only (Content-Type: application/json)."}, status=415)
    return None


def apply(app: Any) -> None:
    """Set the limits and handlers on `app` (once)."""
    if getattr(app.ctx, _DONE_ATTR, False):
        return
    setattr(app.ctx, _DONE_ATTR, True)
    app.config.REQUEST_MAX_SIZE = MAX_REQUEST_BYTES
    app.config.WEBSOCKET_MAX_SIZE = MAX_WEBSOCKET_BYTES

    async def too_large(_: Any, __: Exception) -> Any:
        return response.json(
            {"error": f"The request body is too large (the limit is {MAX_REQUEST_BYTES:,} bytes)."}, status=413
        )

    app.error_handler.add(PayloadTooLarge, too_large)

    async def refuse_cross_site(request: Any) -> Optional[HTTPResponse]:
        return refusal(request)

    app.register_middleware(refuse_cross_site, "request")
    action_failures.install()
    log_privacy.install()


class _AppliesPolicy:
    """A blueprint that applies the policy to the app it is registered on."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        log_privacy.install()  # as early as possible; again at server start for later handlers
        self.listener("before_server_start")(_install_log_filter)

    def register(self, app: Any, options: Any) -> Any:
        apply(app)
        return super().register(app, options)


async def _install_log_filter(*_: Any) -> None:
    log_privacy.install()


class PolicyBlueprint(_AppliesPolicy, Blueprint):
    """Blueprint for our channels."""


class PolicySocketBlueprint(_AppliesPolicy, SocketBlueprint):
    """Rasa's socket.io blueprint for our channel."""
