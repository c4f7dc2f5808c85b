"""A stand-in Rasa bot for the widget's end-to-end tests: no model, instant answers.

It serves the project's real SecureSocketIOInput channel (so the widget is tested against
the same session/token handling as production) with a scripted agent that replies the
way the trained bot's responses look.

Usage: python tests/e2e/fake_bot.py PORT [ALLOWED_ORIGIN ...]   (listens on 127.0.0.1)
"""

import asyncio
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # the repo, for addons.*

from rasa.server import configure_cors  # noqa: E402
from sanic import Sanic, response  # noqa: E402

from addons.channels.secure_socketio import SecureSocketIOInput  # noqa: E402

GREETING = (
    "Hi, I'm a muscle-twitching assistant (test double). I give information, not a "
    "diagnosis. If you think it is an emergency, call your local emergency number now.",
    [
        ("Why do muscles twitch?", "What causes muscle twitching?"),
        ("Check my symptoms", "/describe_symptoms"),
        ("When should I see a doctor?", "When should I see a doctor about twitching?"),
    ],
)
FORGOTTEN = "Done: I have deleted this conversation and everything you told me in it."
# Scenario messages for the widget's browser test: a reply that takes its time, or none.
SLOW_S = 9
SILENT = r"^test: no reply$"
SLOW = r"^test: slow reply$"
OUTCOME = [  # the end of a symptom check: the outcome, its sources, then the next question at once
    (
        "SEE A DOCTOR: Please book an appointment with a doctor, because the twitching has lasted "
        "more than two weeks. This is not an emergency, and most twitching has everyday causes.",
        [],
    ),
    ("Source: Muscle Twitching: Causes, Treatment and Prevention (When to see a doctor)", []),
    (
        "Would you like a short summary to show your doctor?",
        [("Yes, make a summary", "/request_summary"), ("No thanks", "/deny")],
    ),
]
SUMMARY = (
    "Summary for your doctor (the history the articles say a doctor will ask about):\n"
    "- Where: left calf\n- How long: 3 weeks\n- How often: several times a day\n"
    "- How it started: gradually\n- Other symptoms: none\n- Not present: weakness, numbness\n"
    "- Possible triggers: caffeine, stress\n"
    "- This assistant's suggestion: SEE A DOCTOR (information, not a diagnosis)\n"
    "Source: Is Muscle Twitching Normal After Exercise?"
)
LONG = "\n".join(
    f"Point {i}: muscle twitching is usually harmless; here is detail number {i} about sleep, "
    "caffeine, stress, exercise and minerals, written long so that it fills the screen."
    for i in range(1, 16)
)
MARKDOWN = (
    "Things that **often help**:\n- more sleep\n- less caffeine\n* gentle stretching\n"
    "Read [the article](https://example.org/twitching) or **see a doctor** if it lasts.\n"
    "Source: Muscle Twitching: Causes, Treatment and Prevention (Treatment)"
)
# (pattern, text, buttons); the output channel splits text on blank lines, like Rasa.
SCRIPT = [
    (r"^/greet$|^(hi|hello|hey)\b", *GREETING),
    (
        r"breath|chest pain|swallow",
        'EMERGENCY: You mentioned "trouble breathing". Call your local emergency number '
        "now (for example 999 in the UK, 911 in the US, 112 in the EU).",
        [],
    ),
    (
        r"see a doctor|when should",
        "SEE A DOCTOR: Please book an appointment with a doctor if twitching lasts more "
        "than 2 weeks.\n\nSource: Muscle Twitching: Causes, Treatment and Prevention",
        [],
    ),
    (r"urgent|numb", "URGENT: Please get prompt medical advice today.", []),
    (
        r"caus|why",
        "Muscle twitches have many possible causes: a lack of sleep, caffeine, stress,\n"
        "dehydration and nutrient deficiencies. More: https://example.org/twitching.\n\n"
        "Sources: Muscle Twitching: Causes, Treatment and Prevention; Is Muscle "
        "Twitching Normal After Exercise?",
        [],
    ),
    (r"^/describe_symptoms$", "How long has the twitching been going on?", []),
    (
        r"delete my data|forget me",
        "Do you want me to delete this whole conversation, including any symptoms you described?",
        [("Yes, delete it", "/affirm"), ("No, keep it", "/deny")],
    ),
    (r"^/affirm$", FORGOTTEN, []),
    (r"^/request_summary$", SUMMARY, []),
    (r"tell me everything", LONG, []),
    (r"what helps", MARKDOWN, []),
    (SLOW, "Sorry for the wait: here is the slow reply.", []),
]
MULTI = [(r"twitched for", OUTCOME)]
FALLBACK = ("Sorry, I didn't get that. You said: {text}", GREETING[1])


async def agent(message) -> None:
    """Rasa's agent.handle_message, scripted."""
    if re.search(SILENT, message.text):
        return
    if re.search(SLOW, message.text):
        await asyncio.sleep(SLOW_S)
    for pattern, replies in MULTI:
        if re.search(pattern, message.text, re.IGNORECASE):
            for text, buttons in replies:
                await send(message, text, buttons)
            return
    text, buttons = FALLBACK
    for pattern, answer, answer_buttons in SCRIPT:
        if re.search(pattern, message.text, re.IGNORECASE):
            text, buttons = answer, answer_buttons
            break
    text = text.replace("{text}", message.text)
    await send(message, text, buttons)


async def send(message, text, buttons) -> None:
    """One bot message, with buttons when there are any."""
    out = message.output_channel
    if buttons:
        await out.send_text_with_buttons(message.sender_id, text, [{"title": t, "payload": p} for t, p in buttons])
    else:
        await out.send_text_message(message.sender_id, text)
    if text == FORGOTTEN:  # as domain.yml's socketio variation of utter_forgotten
        await out.send_custom_json(message.sender_id, {"data": {"forgotten": True}})


def main() -> None:
    port = int(sys.argv[1])
    origins = sys.argv[2:] or ["http://localhost:8080", "http://127.0.0.1:8080"]
    app = Sanic("fake_bot")
    configure_cors(app, origins)  # what `rasa run --cors ...` does
    channel = SecureSocketIOInput.from_credentials({})
    app.blueprint(channel.blueprint(agent), url_prefix="/webhooks/socketio")

    @app.get("/status")  # what tests poll to know the bot is up, like Rasa's /status
    async def status(_):
        return response.json({"status": "fake bot"})

    app.run(host="127.0.0.1", port=port, access_log=False, debug=False)


if __name__ == "__main__":
    main()
