"""Which browser origins and Host headers the Rasa server accepts.

Origins: the ones given to `rasa run --cors` (sanic-cors), the same list for HTTP requests
and websocket handshakes. Hosts: this machine's names, plus RASA_ALLOWED_HOSTS
(comma-separated host names, e.g. the public name a reverse proxy forwards).
"""

import os
from typing import Any, Mapping, Optional, Text
from urllib.parse import urlsplit

from actions.loopback import is_loopback

ALLOWED_HOSTS_ENV = "RASA_ALLOWED_HOSTS"


def cors_allows(request: Any, origin: Text) -> bool:
    """Does the app's --cors policy allow `origin` for this request's path?"""
    cors = getattr(getattr(getattr(request, "app", None), "ctx", None), "sanic_cors", None)
    if cors is None:
        return False  # no --cors configured: no cross-origin page is allowed
    from sanic_cors.core import get_cors_origins, try_match

    for pattern, options in getattr(cors, "resources", []):
        if try_match(request.path, pattern):
            return get_cors_origins(options, origin) is not None
    return False


def host_name(host_header: Optional[Text]) -> Text:
    """The host name of a Host header ("[::1]:5005" -> "::1", "Example.org:80" -> "example.org")."""
    host = (host_header or "").strip().lower()
    return (urlsplit(f"//{host}").hostname or "") if host else ""


def configured_hosts(env: Optional[Mapping[str, str]] = None) -> frozenset:
    value = (os.environ if env is None else env).get(ALLOWED_HOSTS_ENV) or ""
    return frozenset(name.strip().lower() for name in value.split(",") if name.strip())


def host_allowed(host_header: Optional[Text], extra: frozenset) -> bool:
    name = host_name(host_header)
    return bool(name) and (is_loopback(name) or name in extra)
