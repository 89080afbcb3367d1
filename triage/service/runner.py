"""Runs the scorer's blocking calls off the event loop: :func:`run_scoring`.

The in-process chat hook runs its stages one message at a time anyway (the
stages are not thread-safe; :class:`~triage.hook.ChatHook` holds a lock around
them), so a pool of worker threads only adds lock hand-offs and thread wake-ups
per message. With the hook in the server process, every call goes to one
dedicated thread (:class:`ScoringThread`), in arrival order; with scoring
processes (:class:`~triage.service.pool.HookPool`) the calls wait on other
processes, so they run in anyio's worker threads, at most ``settings.threads``
at once.
"""

from __future__ import annotations

import asyncio
import queue
import threading
from collections.abc import Callable
from typing import Any, TypeVar

from anyio import to_thread

T = TypeVar("T")


class ScoringThread:
    """One daemon thread that runs submitted calls one after another.

    Args:
        name: Thread name (shown by debuggers and ``/proc``).
    """

    def __init__(self, name: str = "triage-scoring") -> None:
        self._queue: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._loop, name=name, daemon=True)
        self._thread.start()

    async def run(self, fn: Callable[[], T]) -> T:
        """Run ``fn()`` in the thread and return its result (or raise its exception)."""
        loop = asyncio.get_running_loop()
        future: asyncio.Future[T] = loop.create_future()
        self._queue.put((fn, future, loop))
        return await future

    def close(self, timeout: float = 30.0) -> None:
        """Finish the calls already queued, then stop the thread."""
        self._queue.put(None)
        self._thread.join(timeout)

    def _loop(self) -> None:
        while True:
            item = self._queue.get()
            if item is None:
                return
            fn, future, loop = item
            try:
                result = fn()
            except BaseException as exc:  # noqa: BLE001 - handed to the awaiting request
                loop.call_soon_threadsafe(_settle, future, None, exc)
            else:
                loop.call_soon_threadsafe(_settle, future, result, None)
            del item, fn, future, loop  # hold no request's data while idle


def _settle(future: asyncio.Future[Any], result: Any, exc: BaseException | None) -> None:
    if future.cancelled():
        return  # the request went away; the call itself has completed
    if exc is not None:
        future.set_exception(exc)
    else:
        future.set_result(result)


async def run_scoring(state: Any, fn: Callable[[], T]) -> T:
    """Run a blocking call of the app's scorer (``state.hook``) off the event loop.

    Args:
        state: The app's state: ``scoring_thread`` (a :class:`ScoringThread`, or
            None) and ``limiter`` (anyio's, for the worker threads otherwise).
        fn: The call.
    """
    thread: ScoringThread | None = getattr(state, "scoring_thread", None)
    if thread is not None:
        return await thread.run(fn)
    return await to_thread.run_sync(fn, limiter=state.limiter)
