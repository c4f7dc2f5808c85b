"""The cached check of action server responses accepts and refuses exactly what Rasa's does."""

import jsonschema
import pytest
from rasa.core.actions.action import RemoteAction

from addons import action_result_validation

FINDINGS = {
    "symptoms": ["twitching"],
    "locations": ["left_calf"],
    "words": {"left_calf": "left calf"},
    "duration_days": 21,
}


@pytest.mark.parametrize(
    "result",
    [
        {
            "events": [{"event": "slot", "timestamp": None, "name": "symptom_findings", "value": FINDINGS}],
            "responses": [{"response": "utter_readback", "buttons": []}],
        },
        {"events": [], "responses": []},
        {},
        {"events": [{"event": "active_loop", "name": None}, {"event": "followup", "name": "action_listen"}]},
        # refused by both: not a list, an event without its type, a response that is not an object
        {"events": "slot"},
        {"events": [{"name": "x", "value": 1}]},
        {"responses": ["hello"]},
        {"events": [{"event": "slot", "timestamp": "yesterday"}]},
    ],
)
def test_same_verdict_and_message_as_rasa(result):
    def verdict(check):
        try:
            return check(result)
        except jsonschema.ValidationError as error:
            return ("refused", error.message)

    rasa_verdict = verdict(RemoteAction("any", None)._validate_action_result)
    ours = verdict(lambda r: action_result_validation.validate_action_result(None, r))
    assert ours == rasa_verdict


def test_install_swaps_the_check_and_the_schema_is_checked_once(monkeypatch):
    monkeypatch.setattr(RemoteAction, "_validate_action_result", RemoteAction._validate_action_result)
    action_result_validation.install()
    validator = action_result_validation.response_validator()
    checks = []
    monkeypatch.setattr(type(validator), "check_schema", classmethod(lambda cls, schema: checks.append(schema)))
    for _ in range(3):
        assert RemoteAction("any", None)._validate_action_result({"events": []}) is True
    with pytest.raises(jsonschema.ValidationError, match="Failed to validate Action server response"):
        RemoteAction("any", None)._validate_action_result({"events": "slot"})
    assert checks == []
