"""ActionServerGuardPolicy: with the action server down, safe advice instead of silence."""

import http.server
import threading
import time

import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.core.events import ActionExecuted, ActiveLoop, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from addons.action_server_guard import ActionServerGuardPolicy, HealthCheck
from addons.emergency_policy import EmergencyPolicy


def make_policy(tmp_path, up: bool):
    return ActionServerGuardPolicy(
        ActionServerGuardPolicy.get_default_config(),
        LocalModelStorage.create(tmp_path),
        Resource("guard"),
        ExecutionContext(GraphSchema({})),
        health=lambda: up,
    )


def tracker_with(*events):
    return DialogueStateTracker.from_events("someone", [ActionExecuted("action_listen"), *events])


def user(intent, *entities):
    return UserUttered(
        "text", {"name": intent, "confidence": 1.0}, [{"entity": e, "value": "faq/pinched_nerve"} for e in entities]
    )


QUESTION = user("describe_symptoms", "question_topic")  # "...numb foot, could it be a pinched nerve?"


def predicted(prediction, domain):
    return domain.action_names_or_texts[prediction.max_confidence_index] if prediction.max_confidence else None


IN_FORM = [
    user("describe_symptoms"),
    ActionExecuted("symptom_form"),
    ActiveLoop("symptom_form"),
    ActionExecuted("action_listen"),
]


@pytest.mark.parametrize(
    "events, up, expected",
    [
        ([user("describe_symptoms")], False, "utter_action_server_down"),
        ([user("request_summary")], False, "utter_action_server_down"),
        (IN_FORM + [user("inform")], False, "utter_action_server_down"),
        ([user("describe_symptoms")], True, None),  # server up: other policies decide
        ([user("faq")], False, None),  # answered by the Rasa server alone
        (IN_FORM + [user("faq")], False, None),
        ([user("emergency")], False, None),  # EmergencyPolicy's turn
        ([user("describe_symptoms"), ActionExecuted("utter_action_server_down")], False, "action_listen"),
        # a question about one's own symptoms: the article answer first, then the apology
        ([QUESTION], False, "utter_faq"),
        ([QUESTION, ActionExecuted("utter_faq")], False, "utter_action_server_down"),
        (IN_FORM + [QUESTION], False, "utter_faq"),
        ([QUESTION], True, None),  # server up: the check answers it (validate_symptom_form)
        ([QUESTION, ActionExecuted("utter_faq")], True, None),
    ],
)
def test_predictions(tmp_path, rasa_domain, events, up, expected):
    prediction = make_policy(tmp_path, up).predict_action_probabilities(tracker_with(*events), rasa_domain)
    assert predicted(prediction, rasa_domain) == expected


def test_closes_the_check(tmp_path, rasa_domain):
    prediction = make_policy(tmp_path, False).predict_action_probabilities(
        tracker_with(*IN_FORM, user("inform")), rasa_domain
    )
    assert (
        ActiveLoop(None) in prediction.optional_events and SlotSet("requested_slot", None) in prediction.optional_events
    )


def test_emergency_outranks_the_guard():
    assert EmergencyPolicy.get_default_config()["priority"] > ActionServerGuardPolicy.get_default_config()["priority"]


class Health(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


def test_health_check_against_a_real_server_and_a_closed_port():
    server = http.server.HTTPServer(("127.0.0.1", 0), Health)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        assert HealthCheck(f"http://127.0.0.1:{server.server_port}/health", timeout=2)()
    finally:
        server.shutdown()
        server.server_close()
    assert not HealthCheck(f"http://127.0.0.1:{server.server_port}/health", timeout=1)()


def test_only_the_first_call_probes_inline():
    check = HealthCheck("http://127.0.0.1:9/health", background=False)
    calls = []
    check._probe = lambda: calls.append(1) or False
    assert [check(), check(), check()] == [False, False, False]
    assert len(calls) == 1


def test_the_background_probe_notices_the_server_going_down():
    server = http.server.HTTPServer(("127.0.0.1", 0), Health)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    check = HealthCheck(f"http://127.0.0.1:{server.server_port}/health", timeout=0.5, ttl=0.1)
    try:
        assert check()
    finally:
        server.shutdown()
        server.server_close()
    deadline = time.monotonic() + 10
    while check() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not check()
