"""AtomicRedisLockStore: Rasa's ticket lock, with every change made in one Redis transaction.

Runs against a throwaway redis-server on 127.0.0.1:5879 (scripts/services.py; Debian's
redis-server package, which .ci/run installs). The end-to-end check with two Rasa servers is
scripts/check_scaleout.py.
"""

import asyncio
import socket
import sys
import threading
import time
from pathlib import Path

import pytest
from rasa.core.lock_store import LockStore, RedisLockStore
from rasa.utils.endpoints import EndpointConfig

from addons.lock_store import AtomicRedisLockStore

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
import services  # noqa: E402

pytestmark = pytest.mark.servers
REDIS_PORT = 5879


@pytest.fixture(scope="module")
def red():
    try:
        services.redis_binary()
    except services.ServiceError as missing:
        pytest.skip(str(missing))
    with services.redis(REDIS_PORT) as connection:
        yield connection


def store(red, **extra) -> AtomicRedisLockStore:
    config = EndpointConfig(
        url=red["host"],
        type="addons.lock_store.AtomicRedisLockStore",
        port=red["port"],
        password=red["password"],
        db=1,
        key_prefix="test",
        **extra,
    )
    created = LockStore.create(config)  # the way Rasa builds it from endpoints.yml
    assert isinstance(created, AtomicRedisLockStore)
    return created


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_refuses_to_start_when_redis_does_not_answer(caplog):
    with pytest.raises(SystemExit) as stopped:
        AtomicRedisLockStore(host="127.0.0.1", port=free_port(), socket_timeout=2)
    assert "Refusing to start" in str(stopped.value)
    assert "Redis lock store" in caplog.text


def test_is_multi_worker_compatible_for_rasa():
    from rasa.core.utils import _lock_store_is_multi_worker_compatible

    assert issubclass(AtomicRedisLockStore, RedisLockStore)
    assert _lock_store_is_multi_worker_compatible(EndpointConfig(type="addons.lock_store.AtomicRedisLockStore"))


def test_simultaneous_tickets_from_two_servers_are_all_different(red):
    servers = [store(red), store(red)]
    conversation = "race"
    barrier = threading.Barrier(16, timeout=10)
    tickets = []

    def take(index: int) -> None:
        barrier.wait()
        tickets.append(servers[index % 2].issue_ticket(conversation))

    threads = [threading.Thread(target=take, args=(index,)) for index in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=20)
    assert sorted(tickets) == list(range(16))
    assert len(servers[0].get_lock(conversation).tickets) == 16
    for ticket in tickets:
        servers[ticket % 2].cleanup(conversation, ticket)
    assert servers[0].get_lock(conversation) is None  # the last one out removes the lock


def test_a_change_in_between_is_not_overwritten(red):
    """Rasa's RedisLockStore reads, changes and writes separately, so the same interleaving
    gives two servers ticket 0; ours sees the other write and takes the next ticket."""
    first, second = store(red), store(red)
    stock_first = RedisLockStore(host=red["host"], port=red["port"], password=red["password"], db=1, key_prefix="stock")
    stock_second = RedisLockStore(
        host=red["host"], port=red["port"], password=red["password"], db=1, key_prefix="stock"
    )
    one, other = stock_first.get_or_create_lock("c"), stock_second.get_or_create_lock("c")
    stock_tickets = [one.issue_ticket(60), other.issue_ticket(60)]
    stock_first.save_lock(one)
    stock_second.save_lock(other)
    assert stock_tickets == [0, 0]  # the race this store exists for
    stock_first.delete_lock("c")

    original = first._atomically
    interleaved = []

    def with_second_server_in_between(conversation_id, change):
        def change_after_other_write(lock):
            if not interleaved:
                interleaved.append(second.issue_ticket(conversation_id))  # lands between WATCH and EXEC
            return change(lock)

        return original(conversation_id, change_after_other_write)

    first._atomically = with_second_server_in_between
    assert interleaved == [] and first.issue_ticket("c") == 1
    assert interleaved == [0]
    assert [ticket.number for ticket in second.get_lock("c").tickets] == [0, 1]
    second.cleanup("c", 0)
    second.cleanup("c", 1)


def test_second_server_waits_for_the_first_to_finish(red):
    first, second = store(red, poll_interval=0.05), store(red, poll_interval=0.05)
    timeline = []

    async def handle(lock_store, name, hold, start_after):
        await asyncio.sleep(start_after)
        async with lock_store.lock("queue"):
            timeline.append((name, "in", time.monotonic()))
            await asyncio.sleep(hold)
            timeline.append((name, "out", time.monotonic()))

    async def both():
        await asyncio.wait_for(asyncio.gather(handle(first, "A", 0.3, 0), handle(second, "B", 0, 0.05)), timeout=10)

    asyncio.run(both())
    assert [(name, step) for name, step, _ in timeline] == [("A", "in"), ("A", "out"), ("B", "in"), ("B", "out")]
    assert first.get_lock("queue") is None


def test_lock_key_expires_after_its_last_ticket(red):
    lock_store = store(red)
    lock_store.issue_ticket("abandoned", lock_lifetime=1)  # a server that crashed while holding it
    ttl_ms = lock_store.red.pttl(lock_store.key_prefix + "abandoned")
    assert 0 < ttl_ms <= 7000
