"""An action that fails the way a bug would, quoting the user's words in its exception."""

from rasa_sdk import Action


class ActionThatFails(Action):
    def name(self) -> str:
        return "action_that_fails"

    async def run(self, dispatcher, tracker, domain):
        raise RuntimeError(f"could not read {tracker.latest_message.get('text')}")
