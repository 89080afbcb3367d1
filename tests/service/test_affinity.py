"""Chat -> scoring process table: least-loaded placement, stickiness, expiry."""

from __future__ import annotations

import pytest

from triage.service.affinity import TTL_MARGIN_S, ChatAffinity


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_affinity_spreads_new_chats_evenly():
    table = ChatAffinity(2, ttl_s=100, max_chats=100, clock=Clock())
    owners = [table.assign(f"c{i}")[0] for i in range(4)]
    assert sorted(owners) == [0, 0, 1, 1]
    assert table.loads() == [2, 2]


def test_affinity_keeps_a_chat_on_its_process():
    table = ChatAffinity(3, ttl_s=100, max_chats=100, clock=Clock())
    first, new = table.assign("chat")
    assert new
    for _ in range(5):
        table.assign("other-" + str(_))
        assert table.assign("chat") == (first, False)
    assert table.owner("chat") == first


def test_affinity_new_chat_fills_the_process_a_chat_left():
    table = ChatAffinity(2, ttl_s=100, max_chats=100, clock=Clock())
    a, _ = table.assign("a")
    table.assign("b")
    table.assign("c")  # loads now 2/1 in some order
    busy = table.owner("a") if table.loads()[a] == 2 else 1 - a
    leaving = next(c for c in "abc" if table.owner(c) == busy)
    table.release(leaving)
    assert table.owner(leaving) is None
    assert table.loads() == [1, 1]
    table.assign("d")
    table.assign("e")
    assert table.loads() == [2, 2]


def test_affinity_forgets_idle_chats_only_after_the_processes_do():
    clock = Clock()
    table = ChatAffinity(2, ttl_s=100, max_chats=100, clock=clock)
    index, _ = table.assign("idle")
    clock.now = 100 + TTL_MARGIN_S - 1  # the process may still hold it: keep routing there
    assert table.owner("idle") == index
    clock.now += 100 + TTL_MARGIN_S + 1
    assert table.owner("idle") is None
    assert table.loads() == [0, 0]


def test_affinity_bounded_least_recently_used_goes():
    table = ChatAffinity(2, ttl_s=100, max_chats=3, clock=Clock())
    for c in "abc":
        table.assign(c)
    table.assign("a")  # a used again: b is now the least recently used
    table.assign("d")
    assert len(table) == 3
    assert table.owner("b") is None
    assert sum(table.loads()) == 3


def test_affinity_rejects_no_processes():
    with pytest.raises(ValueError):
        ChatAffinity(0, ttl_s=1, max_chats=1)
