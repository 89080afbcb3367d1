"""triage.service.runner: the scoring thread and run_scoring."""

from __future__ import annotations

import asyncio
import threading
from types import SimpleNamespace

import anyio
import pytest

from triage.service.runner import ScoringThread, run_scoring


def test_runner_one_thread_in_arrival_order():
    thread = ScoringThread(name="test-scoring")
    seen: list[tuple[int, str]] = []

    def job(i: int):  # type: ignore[no-untyped-def]
        def run() -> int:
            seen.append((i, threading.current_thread().name))
            return i * i

        return run

    async def main() -> list[int]:
        return await asyncio.gather(*(thread.run(job(i)) for i in range(20)))

    try:
        assert asyncio.run(main()) == [i * i for i in range(20)]
    finally:
        thread.close()
    assert [i for i, _ in seen] == list(range(20))
    assert {name for _, name in seen} == {"test-scoring"}


def test_runner_exception_reaches_the_caller_and_thread_goes_on():
    thread = ScoringThread()

    def boom() -> None:
        raise KeyError("nope")

    async def main() -> int:
        with pytest.raises(KeyError):
            await thread.run(boom)
        return await thread.run(lambda: 7)

    try:
        assert asyncio.run(main()) == 7
    finally:
        thread.close()


def test_runner_close_finishes_queued_calls():
    thread = ScoringThread()
    gate = threading.Event()
    done: list[int] = []

    async def main() -> None:
        first = asyncio.ensure_future(thread.run(lambda: (gate.wait(5), done.append(1))))
        second = asyncio.ensure_future(thread.run(lambda: done.append(2)))
        await asyncio.sleep(0.05)
        gate.set()
        await asyncio.gather(first, second)

    asyncio.run(main())
    thread.close()
    assert done == [1, 2]


def test_run_scoring_without_thread_uses_worker_threads_and_limiter():
    main_thread = threading.get_ident()

    async def main() -> int:
        state = SimpleNamespace(scoring_thread=None, limiter=anyio.CapacityLimiter(1))
        return await run_scoring(state, threading.get_ident)

    assert asyncio.run(main()) != main_thread
