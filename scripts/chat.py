"""A terminal chat with the running bot over Rasa's REST channel (`make shell`).

Unlike `rasa shell`, this talks to the server `make run` started, so it uses the same
model, action server and tracker store as every other channel.
Buttons are shown numbered; type the number to press one. With REST_CHANNEL_TOKEN in the
environment it is sent as a bearer header (never a URL or an argument).
"""

import argparse
import json
import os
import sys
import urllib.error
import urllib.request
import uuid


def send(url: str, sender: str, message: str) -> list:
    body = json.dumps({"sender": sender, "message": message}).encode()
    token = (os.environ.get("REST_CHANNEL_TOKEN") or "").strip()
    headers = {"Content-Type": "application/json", **({"Authorization": f"Bearer {token}"} if token else {})}
    request = urllib.request.Request(f"{url}/webhooks/rest/webhook", body, headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.load(response)
    except urllib.error.HTTPError as error:  # 429 (slow down) and 503 (busy) carry the bot's reply
        try:
            answer = json.loads(error.read() or b"null")
        except ValueError:
            answer = None
        if isinstance(answer, list):
            return answer
        return [{"text": f"(HTTP {error.code}: {answer.get('error') if isinstance(answer, dict) else answer})"}]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", default="http://localhost:5005")
    args = parser.parse_args()
    sender = f"shell-{uuid.uuid4().hex}"
    buttons: list = []
    print("Type a message (Ctrl-D or /quit to leave).")
    for line in sys.stdin if not sys.stdin.isatty() else iter(lambda: input("you> "), None):
        text = line.strip()
        if text == "/quit":
            break
        if text.isdigit() and 0 < int(text) <= len(buttons):
            text = buttons[int(text) - 1]["payload"]
        try:
            replies = send(args.url, sender, text)
        except OSError as error:
            print(f"(cannot reach the bot at {args.url}: {error}; is `make run` running?)")
            continue
        buttons = []
        for reply in replies:
            print(f"bot> {reply.get('text', '')}")
            for button in reply.get("buttons", []):
                buttons.append(button)
                print(f"     [{len(buttons)}] {button['title']}")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except (EOFError, KeyboardInterrupt):
        print()
