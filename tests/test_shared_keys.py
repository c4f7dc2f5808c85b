"""Delivery records and revoked sessions: local to one server, or shared through the lock
store's Redis by several (a real redis-server on 127.0.0.1, as scripts/check_scaleout.py uses)."""

import socket
import sys
from pathlib import Path

import pytest

from addons.channels.shared_keys import ChannelKeys, LocalKeys, RedisKeys, first_delivery
from addons.channels.widget_sessions import is_revoked, revoke

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
import services  # noqa: E402


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class App:
    """What ChannelKeys reads of a running Rasa server: app.ctx.agent.lock_store."""

    def __init__(self, lock_store=None, agent=True):
        agent_object = type("Agent", (), {"lock_store": lock_store})() if agent else None
        self.ctx = type("Ctx", (), {"agent": agent_object})()


@pytest.fixture(scope="module")
def redis_lock_store():
    from addons.lock_store import AtomicRedisLockStore

    with services.redis(free_port()) as red:
        yield AtomicRedisLockStore(host=red["host"], port=red["port"], password=red["password"], db=1)


@pytest.mark.servers
def test_two_servers_share_deliveries_and_revocations_through_redis(redis_lock_store):
    server_a, server_b = ChannelKeys().for_app(App(redis_lock_store)), ChannelKeys().for_app(App(redis_lock_store))
    assert isinstance(server_a, RedisKeys) and isinstance(server_b, RedisKeys)
    assert first_delivery(server_a, 60, "slack-event:Ev1")
    assert not first_delivery(server_b, 60, "slack-event:Ev1")  # a retry that reached the other server
    assert first_delivery(server_b, 60, "slack-event:Ev2")
    assert not is_revoked(server_b, "session-1")
    revoke(server_a, "session-1")
    assert is_revoked(server_b, "session-1")
    assert redis_lock_store.red.ttl("twitch:channels:slack-event:Ev1") <= 60


def test_without_redis_the_keys_are_this_servers_own():
    keys = ChannelKeys()
    local = keys.for_app(App(lock_store=object()))
    assert isinstance(local, LocalKeys) and keys.for_app(App(lock_store=object())) is local
    assert keys.for_app(None) is local


@pytest.mark.servers
def test_before_the_agent_is_loaded_nothing_is_decided_for_good(redis_lock_store):
    keys, app = ChannelKeys(), App(agent=False)
    assert isinstance(keys.for_app(app), LocalKeys)
    app.ctx.agent = type("Agent", (), {"lock_store": redis_lock_store})()
    assert isinstance(keys.for_app(app), RedisKeys)


def test_local_keys_expire_and_stay_bounded():
    clock = [0.0]
    keys = LocalKeys(max_keys=2, clock=lambda: clock[0])
    assert keys.add_if_new("a", 10) and not keys.add_if_new("a", 10)
    keys.add("b", 10)
    keys.add("c", 10)
    assert not keys.contains("a") and keys.contains("c")  # the oldest went
    clock[0] += 11
    assert not keys.contains("c") and keys.add_if_new("c", 10)


def test_an_unreadable_revocation_record_counts_as_revoked():
    class Broken:
        def contains(self, _):
            raise ConnectionError("redis down")

    assert is_revoked(Broken(), "session-1")
