"""Whether a host name or address means this machine only (shared by both servers)."""

import ipaddress
from typing import Optional, Text

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
