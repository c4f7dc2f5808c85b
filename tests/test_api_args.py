"""`make run`'s HTTP API switch and its secret: never on a command line, never in a URL."""

import jwt
import pytest

from scripts.api_args import api_args
from scripts.api_secret import SecretError, bearer_token, read_secret, with_secret

SECRET = "s3cret-jwt-value-0123456789abcdefghij"


@pytest.mark.parametrize(
    "interface,env,expected",
    [
        ("127.0.0.1", {}, ["--enable-api"]),
        ("localhost", {"RASA_JWT_SECRET": ""}, ["--enable-api"]),
        ("::1", {"RASA_JWT_SECRET": "  "}, ["--enable-api"]),
        ("0.0.0.0", {}, []),
        ("192.168.1.20", {"RASA_JWT_SECRET": ""}, []),
        ("0.0.0.0", {"RASA_JWT_SECRET": SECRET}, ["--enable-api"]),
        ("0.0.0.0", {"RASA_JWT_SECRET_FILE": "/run/secrets/jwt"}, ["--enable-api"]),
        ("127.0.0.1", {"RASA_JWT_SECRET": SECRET}, ["--enable-api"]),
        ("0.0.0.0", {"RASA_API_TOKEN": SECRET}, []),  # the old URL token no longer opens the API
    ],
)
def test_api_is_open_only_on_loopback_or_with_a_secret(interface, env, expected):
    assert api_args(interface, env)[0] == expected


@pytest.mark.parametrize("env", [{"RASA_JWT_SECRET": SECRET}, {"RASA_API_TOKEN": SECRET}])
def test_the_note_never_shows_the_secret(env):
    for interface in ("127.0.0.1", "0.0.0.0"):
        arguments, note = api_args(interface, env)
        assert SECRET not in note and SECRET not in arguments and "--auth-token" not in arguments


def test_the_note_says_why_the_api_is_off_and_that_the_old_token_is_ignored():
    assert "HTTP API off" in api_args("0.0.0.0", {})[1]
    assert "RASA_API_TOKEN is ignored" in api_args("0.0.0.0", {"RASA_API_TOKEN": SECRET})[1]


def test_the_secret_comes_from_the_environment_or_a_file(tmp_path):
    assert read_secret({}) is None and read_secret({"RASA_JWT_SECRET": " "}) is None
    assert read_secret({"RASA_JWT_SECRET": f" {SECRET}\n"}) == SECRET
    (tmp_path / "jwt").write_text(SECRET + "\n")
    assert read_secret({"RASA_JWT_SECRET_FILE": str(tmp_path / "jwt")}) == SECRET


@pytest.mark.parametrize(
    "env",
    [
        {"RASA_JWT_SECRET": "short"},
        {"RASA_JWT_SECRET": SECRET, "RASA_JWT_SECRET_FILE": "/x"},
        {"RASA_JWT_SECRET_FILE": "/no/such/file"},
    ],
)
def test_an_unusable_secret_stops_the_start_without_showing_it(env):
    with pytest.raises(SecretError) as error:
        read_secret(env)
    assert SECRET not in str(error.value) and "short" not in str(error.value)


def test_rasa_run_gets_the_jwt_options_inside_the_process_only():
    argv = ["rasa", "run", "--enable-api", "--port", "5005"]
    assert with_secret(argv, SECRET) == [
        "rasa",
        "run",
        "--jwt-secret",
        SECRET,
        "--jwt-method",
        "HS256",
        "--enable-api",
        "--port",
        "5005",
    ]
    assert with_secret(argv, None) == argv and with_secret(["rasa", "train"], SECRET) == ["rasa", "train"]


def test_the_client_token_is_a_short_lived_admin_jwt():
    payload = jwt.decode(bearer_token(SECRET, now=1000.0), SECRET, algorithms=["HS256"], options={"verify_exp": False})
    assert payload == {"user": {"username": "operator", "role": "admin"}, "exp": 1300}
