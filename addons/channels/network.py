"""Where a Sanic server listens, and whether that is this machine only."""
from typing import Any, Optional, Text

from actions.loopback import is_loopback

__all__ = ["is_loopback", "listening_host", "listens_on_loopback_only"]


def listening_host(app: Any) -> Optional[Text]:
    """The interface a running Sanic app was started on (`--interface`, or its socket's)."""
    state = getattr(app, "state", None)
    host = getattr(state, "host", None)
    sock = getattr(state, "sock", None)
    if not host and sock is not None:
        host = sock.getsockname()[0]
    return host


def listens_on_loopback_only(app: Any) -> bool:
    return is_loopback(listening_host(app))
