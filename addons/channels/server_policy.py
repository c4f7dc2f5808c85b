"""What every channel sets up for the whole Rasa server when Rasa registers it.

Rasa 3.6 offers no hook into the Sanic app it builds, but it registers each channel's
blueprint on that app before the server starts; each of our channels attaches this, and
the first one to run does the work (it is the same for any channel set):
  - the log filter (actions/log_privacy.py) on every handler, once Rasa and Sanic have set
    up their logging, so no log line carries user text, a tracker or a raw conversation id.
"""
from typing import Any

from sanic import Blueprint

from actions import log_privacy

_DONE_ATTR = "twitch_server_policy"


def attach(blueprint: Blueprint) -> Blueprint:
    log_privacy.install()  # as early as possible; again below for handlers made later

    @blueprint.listener("before_server_start")
    async def apply(app: Any, _: Any) -> None:
        if getattr(app.ctx, _DONE_ATTR, False):
            return
        setattr(app.ctx, _DONE_ATTR, True)
        log_privacy.install()

    return blueprint
