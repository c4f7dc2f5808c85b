"""Channel settings from environment variables: all required ones, or none.

Why: credentials.yml is committed and holds no secrets, so the Slack and Telegram
channels read theirs from the environment. A channel with none of its variables set is
simply off; one with only some set is a deployment mistake and must stop `rasa run`
with a message naming every missing variable. Only variable names are ever logged.

Also used by scripts/telegram_webhook.py, so the script and the server agree on what
a complete configuration is.
"""

import logging
import os
from typing import Dict, Mapping, Optional, Sequence

from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

logger = logging.getLogger(__name__)


def _config_error_base() -> type:
    # Rasa's CLI prints a RasaException as one clean line instead of a traceback.
    try:
        from rasa.shared.exceptions import InvalidConfigException

        return InvalidConfigException
    except ImportError:  # pragma: no cover - rasa is always installed here
        return ValueError


class ChannelConfigError(_config_error_base()):  # type: ignore[misc]
    """A channel is half-configured or has an unusable setting."""


def read_channel_env(
    channel: str,
    required: Sequence[str],
    optional: Sequence[str] = (),
    env: Optional[Mapping[str, str]] = None,
) -> Optional[Dict[str, str]]:
    """The channel's settings, or None when none of `required` is set.

    Empty or blank values count as unset (an .env copied from .env.example has them).
    Raises ChannelConfigError naming every missing variable when only some are set.
    """
    env = os.environ if env is None else env
    values = {}
    for name in (*required, *optional):
        value = (env.get(name) or "").strip()
        if value:
            values[name] = value
    missing = [name for name in required if name not in values]
    if len(missing) == len(required):
        logger.info(
            "%s channel is off: none of %s is set (see docs/channels.md).",
            channel,
            ", ".join(required),
        )
        return None
    if missing:
        present = [name for name in required if name in values]
        raise ChannelConfigError(
            f"{channel} channel is half-configured: missing {', '.join(missing)} "
            f"(set: {', '.join(present)}). Set all of {', '.join(required)} or none of "
            f"them; see .env.example and docs/channels.md."
        )
    logger.info("%s channel is on; set: %s.", channel, ", ".join(sorted(values)))
    return values


def disabled_blueprint(blueprint_name: str, channel: str, required: Sequence[str]) -> Blueprint:
    """A blueprint that only says the channel is off (404), so nothing else is exposed."""
    blueprint = Blueprint(blueprint_name, __name__)
    hint = {
        "error": f"{channel} is not configured",
        "hint": f"set {', '.join(required)} in the environment of `rasa run`; see docs/channels.md",
    }

    async def not_configured(_: Request, **__: str) -> HTTPResponse:
        return response.json(hint, status=404)

    blueprint.add_route(not_configured, "/", methods=["GET", "POST"], name="off")
    blueprint.add_route(not_configured, "/<rest:path>", methods=["GET", "POST"], name="off_path")
    return blueprint
