"""Conversation ids bound to their channel: "<channel>:<id on that channel>".

Why: Rasa keys a conversation by sender id alone, and every channel fills it from what
its clients send (a REST `sender`, a widget session id, a Slack user id, a Telegram chat
id). Without a prefix a REST request naming a Slack user id or a widget session id reads
and steers that person's conversation. With it, each channel can only ever address ids
that start with its own name, whatever a client sends.
"""

from typing import Text

SEPARATOR = ":"


def conversation_id(channel: Text, local_id: Text) -> Text:
    """The tracker's sender id for `local_id` on `channel`."""
    return f"{channel}{SEPARATOR}{local_id}"


def local_id(channel: Text, conversation: Text) -> Text:
    """The id on `channel` of one of its conversations (unchanged if not prefixed)."""
    prefix = f"{channel}{SEPARATOR}"
    return conversation[len(prefix) :] if conversation.startswith(prefix) else conversation
