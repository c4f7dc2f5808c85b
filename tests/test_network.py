"""Which interfaces count as this machine only."""

import socket

import pytest

from addons.channels.network import is_loopback, listening_host


@pytest.mark.parametrize(
    "host,loopback",
    [
        ("127.0.0.1", True),
        ("127.0.0.2", True),
        ("::1", True),
        ("[::1]", True),
        ("localhost", True),
        ("LOCALHOST", True),
        ("0.0.0.0", False),
        ("::", False),
        ("", False),
        (None, False),
        ("10.0.0.5", False),
        ("bot.example.org", False),
        ("127.0.0.1.evil.example", False),
    ],
)
def test_loopback(host, loopback):
    assert is_loopback(host) is loopback


def test_a_server_started_on_a_socket_reports_the_socket_address():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        app = type("App", (), {"state": type("State", (), {"host": None, "sock": sock})()})()
        assert listening_host(app) == "127.0.0.1"
