"""Where a Sanic server listens, and whether that is this machine only."""
import ipaddress
from typing import Any, Optional, Text

LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain"})


def is_loopback(host: Optional[Text]) -> bool:
    """True for 127.0.0.0/8, ::1 and localhost; False for anything else, or nothing."""
    if not host:
        return False
    host = host.strip("[]")
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


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
