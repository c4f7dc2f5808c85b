"""Where a Sanic server listens, and whether that is this machine only."""

from typing import Any, Optional, Text

from actions.loopback import is_loopback

__all__ = ["client_address", "is_loopback", "listening_host", "listens_on_loopback_only"]


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


def client_address(request: Any) -> Text:
    """The client's address: the peer's, or the one a trusted proxy forwarded (Sanic's
    PROXIES_COUNT / FORWARDED_SECRET); "" when unknown."""
    if request is None:
        return ""
    return str(getattr(request, "remote_addr", "") or getattr(request, "ip", "") or "")
