"""Local stand-ins for the Slack Web API and the Telegram Bot API (127.0.0.1 only)."""
