"""The chat widget's sessions: server-issued ids, expiring signed tokens, revocation, one holder.

A token is "<expiry>.<HMAC-SHA256(secret, '<session id>.<expiry>')>" (expiry in Unix
seconds). It is valid until its expiry, TOKEN_LIFETIME_S after it was issued; the server
issues a fresh one when the session is joined and while it is in use, so a session
expires only after that long without use. A session is revoked when its browser leaves it
(Restart, or a new session after "forget me") and when the bot confirms "forget me"; a
revoked session can never be joined again. At most one live connection holds a session: a
replayed token presented while another connection holds it joins nothing.
"""

import hashlib
import hmac
import logging
import os
import secrets
import time
from typing import Any, Callable, Dict, Mapping, Optional, Text, Tuple

logger = logging.getLogger(__name__)

SECRET_ENV = "SOCKETIO_SESSION_SECRET"
MIN_SECRET_CHARS = 32
MAX_SESSION_ID_CHARS = 64
TOKEN_LIFETIME_S = 24 * 3600  # a day without use; the widget keeps its history for 7 days
RENEW_AFTER_S = 10 * 60  # a token in use is replaced by a fresh one at most this often
REVOKED_PREFIX = "widget-revoked:"


class SessionSigner:
    """Issues random session ids and expiring tokens; verifies tokens."""

    def __init__(
        self, secret: bytes, lifetime_s: float = TOKEN_LIFETIME_S, clock: Callable[[], float] = time.time
    ) -> None:
        self._secret, self.lifetime_s, self.clock = secret, lifetime_s, clock

    def __repr__(self) -> str:  # never let the secret reach a log line
        return "SessionSigner(<secret hidden>)"

    @classmethod
    def from_env(cls, env: Mapping[str, str] = os.environ) -> "SessionSigner":
        value = env.get(SECRET_ENV)
        if value:
            if len(value) < MIN_SECRET_CHARS:
                logger.warning(
                    "%s is shorter than %d characters; use a long random value.", SECRET_ENV, MIN_SECRET_CHARS
                )
            return cls(value.encode("utf-8"))
        logger.warning(
            "%s is not set: using a random secret for this process, so chat widget "
            "sessions will not survive a server restart.",
            SECRET_ENV,
        )
        return cls(secrets.token_bytes(32))

    def _mac(self, session_id: Text, expires: int) -> Text:
        return hmac.new(self._secret, f"{session_id}.{expires}".encode("utf-8"), hashlib.sha256).hexdigest()

    def token(self, session_id: Text) -> Text:
        """A fresh token for `session_id`, valid for the lifetime from now."""
        expires = int(self.clock() + self.lifetime_s)
        return f"{expires}.{self._mac(session_id, expires)}"

    def new_session(self) -> Tuple[Text, Text]:
        session_id = secrets.token_urlsafe(24)
        return session_id, self.token(session_id)

    def verify(self, session_id: Any, token: Any) -> bool:
        """Signed with this secret for the given session id, and not expired."""
        if not isinstance(session_id, str) or not isinstance(token, str):
            return False
        if not 0 < len(session_id) <= MAX_SESSION_ID_CHARS:
            return False
        expires, dot, mac = token.partition(".")
        if not dot or not expires.isdigit() or len(expires) > 12:
            return False
        expires_at = int(expires)
        if not self.clock() < expires_at <= self.clock() + self.lifetime_s + 60:
            return False
        # Compare bytes: compare_digest refuses non-ASCII str, and input is untrusted.
        return hmac.compare_digest(self._mac(session_id, expires_at).encode(), mac.encode("utf-8", "replace"))


class SessionHolders:
    """Which live connection holds which session (this server's connections only)."""

    def __init__(self) -> None:
        self._by_session: Dict[Text, Text] = {}

    def holder(self, session_id: Text) -> Optional[Text]:
        return self._by_session.get(session_id)

    def hold(self, session_id: Text, sid: Text) -> None:
        self._by_session[session_id] = sid

    def release(self, session_id: Optional[Text], sid: Text) -> None:
        if session_id and self._by_session.get(session_id) == sid:
            del self._by_session[session_id]


def revoke(keys: Any, session_id: Text, lifetime_s: float = TOKEN_LIFETIME_S) -> None:
    """No token of `session_id` joins it again (kept until every token has expired)."""
    keys.add(REVOKED_PREFIX + session_id, lifetime_s + 60)


def is_revoked(keys: Any, session_id: Text) -> bool:
    try:
        return keys.contains(REVOKED_PREFIX + session_id)
    except Exception:  # cannot tell: treat as revoked (a new session loses nothing private)
        logger.warning("Could not check whether a widget session was revoked; starting a new one.")
        return True
