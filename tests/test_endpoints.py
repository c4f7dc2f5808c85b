"""endpoints.yml as Rasa reads it: the action server's port comes from the environment."""

import pytest
from rasa.core.utils import read_endpoints_from_path


@pytest.fixture(autouse=True)
def action_server_token(monkeypatch):
    """endpoints.yml needs it set (empty is allowed); make, run.sh and the scripts set it."""
    monkeypatch.setenv("ACTION_SERVER_TOKEN", "")


def test_the_action_endpoint_uses_actions_port(monkeypatch):
    # A quoted "${ACTIONS_PORT}" is left as is by Rasa, and every custom action then fails.
    monkeypatch.setenv("ACTIONS_PORT", "5123")
    assert read_endpoints_from_path("endpoints.yml").action.url == "http://127.0.0.1:5123/webhook"


def test_the_tracker_store_is_ours_with_the_recent_window():
    store = read_endpoints_from_path("endpoints.yml").tracker_store
    assert store.type == "addons.tracker_store.StrictSQLTrackerStore"
    assert store.kwargs["recent_user_turns"] == 10
    assert store.kwargs["retention_days"] == 30


def test_the_action_server_token_is_sent_in_a_header_never_in_the_url(monkeypatch):
    monkeypatch.setenv("ACTIONS_PORT", "5123")
    monkeypatch.setenv("ACTION_SERVER_TOKEN", "t0ken-from-env")
    action = read_endpoints_from_path("endpoints.yml").action
    assert action.headers == {"Authorization": "Bearer t0ken-from-env"}
    assert action.token is None and "t0ken" not in action.url and not action.params


def test_responses_come_from_the_rotating_generator(monkeypatch, rasa_domain):
    from rasa.core.nlg import NaturalLanguageGenerator

    from addons.rotating_responses import RotatingResponses

    monkeypatch.setenv("ACTIONS_PORT", "5123")
    for path in ("endpoints.yml", "deploy/endpoints.scaleout.yml"):
        for name in (
            "ACTION_SERVER_URL",
            "DB_HOST",
            "DB_PORT",
            "DB_DATABASE",
            "DB_USER",
            "DB_PASSWORD",
            "REDIS_HOST",
            "REDIS_PORT",
            "REDIS_PASSWORD",
        ):
            monkeypatch.setenv(name, "x")
        nlg = NaturalLanguageGenerator.create(read_endpoints_from_path(path).nlg, rasa_domain)
        assert isinstance(nlg, RotatingResponses), path
        assert "utter_reassure" in nlg.responses
