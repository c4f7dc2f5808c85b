"""`make run`'s HTTP API switch: open only on loopback, otherwise token or off."""
import pytest

from scripts.api_args import api_args

TOKEN = "s3cret-token-value"


@pytest.mark.parametrize(
    "interface,token,expected",
    [
        ("127.0.0.1", None, ["--enable-api"]),
        ("localhost", "", ["--enable-api"]),
        ("::1", "  ", ["--enable-api"]),
        ("0.0.0.0", None, []),
        ("192.168.1.20", "", []),
        ("0.0.0.0", TOKEN, ["--enable-api", "--auth-token", TOKEN]),
        ("127.0.0.1", TOKEN, ["--enable-api", "--auth-token", TOKEN]),
    ],
)
def test_api_is_open_only_on_loopback(interface, token, expected):
    assert api_args(interface, token)[0] == expected


@pytest.mark.parametrize("interface", ["127.0.0.1", "0.0.0.0"])
def test_the_note_never_shows_the_token(interface):
    note = api_args(interface, TOKEN)[1]
    assert "RASA_API_TOKEN" in note and TOKEN not in note


def test_the_note_says_why_the_api_is_off():
    assert "HTTP API off" in api_args("0.0.0.0", None)[1]
