"""Scoring processes with chat affinity (``triage serve --workers N``).

One server process runs the Python stages one message at a time (the GIL), so
with N concurrent chats each message waits for the others. :class:`HookPool`
starts ``N`` scoring processes, each holding its own pipeline and
:class:`~triage.hook.ChatHook`, and forwards every call to one of them: all
messages of a chat go to the process that owns it (its state lives there; a
new chat goes to the process with the fewest live chats,
:mod:`triage.service.affinity`), whole records (``/v1/score``) to an idle one.

It answers the calls the routers make of a :class:`~triage.hook.ChatHook`:
chat messages from the event loop (:meth:`HookPool.add_message_async`, which
waits on the process's pipe without a thread), and ``score``, ``end_chat``,
``in``, ``len``, ``purge_idle`` and ``pipeline.config`` from the server's worker
threads, where a call blocks its thread (not the event loop) until the owning
process answers. Limits (chats,
TTL, turns) hold per process. Stage timings come back with each answer and feed
the server's metrics; observers (the KPI live monitor) run in the server
process, so its live views see every decision. A scoring process that dies is
not restarted: calls to it (its chats, ``/healthz``) answer 503, so whatever
supervises the service restarts it.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import multiprocessing
import os
import threading
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection
from typing import Any

from triage.errors import Code
from triage.hook import HookError, notify_chat_ended, notify_observers
from triage.service.affinity import ChatAffinity

log = logging.getLogger("triage.service.pool")

#: A scoring process's answer: status, result, (stage, wall s, CPU s) timings.
_Answer = tuple[str, Any, list[tuple[str, float, float]]]


@dataclasses.dataclass(frozen=True)
class PipelineInfo:
    """What the server needs of the pipeline config (``/healthz``)."""

    name: str
    version: str


@dataclasses.dataclass(frozen=True)
class _PipelineView:
    config: PipelineInfo


def _serve(conn: Connection, settings: Any) -> None:
    """Body of one scoring process: build the hook, answer calls until told to stop."""
    import gc
    import signal

    from triage.service.main import load_hook

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the server stops us (Ctrl-C reaches all)
    timings: list[tuple[str, float, float]] = []
    wall: dict[str, float] = {}

    def stage_time(name: str, seconds: float) -> None:
        wall[name] = seconds

    def stage_cpu(name: str, seconds: float) -> None:
        timings.append((name, wall.pop(name, 0.0), seconds))

    try:
        hook = load_hook(settings, observers=[], stage_timer=stage_time, stage_cpu_timer=stage_cpu)
    except Exception as exc:  # noqa: BLE001 - reported to the server, which refuses to start
        conn.send(("fail", f"{type(exc).__name__}: {exc}"))
        return
    gc.collect()
    gc.freeze()  # models live as long as the process (short full collections)
    config = hook.pipeline.config
    conn.send(("ready", (config.name, config.version)))
    while True:
        try:
            op, args = conn.recv()
        except (EOFError, OSError):
            return
        if op == "stop":
            return
        timings.clear()
        try:
            if op == "add":
                result: Any = hook.add_message(*args)
            elif op == "score":
                result = hook.score(args)
            elif op == "end":
                result = hook.end_chat(args)
            elif op == "has":
                result = args in hook
            elif op == "len":
                result = len(hook)
            elif op == "purge":
                result = hook.purge_idle()
            else:
                raise ValueError(f"unknown operation {op!r}")
        except HookError as exc:
            conn.send(("hook_error", (exc.code, exc.reason, exc.status), list(timings)))
            continue
        except Exception as exc:  # noqa: BLE001 - PII-free: the type only
            log.error(
                "pool.worker_failed", extra={"operation": op, "error_type": type(exc).__name__}
            )
            conn.send(("error", type(exc).__name__, list(timings)))
            continue
        conn.send(("ok", result, list(timings)))


class _Worker:
    """One scoring process and the pipe to it (one call at a time)."""

    def __init__(self, index: int, settings: Any, ctx: Any) -> None:
        self.index = index
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(
            target=_serve, args=(child, settings), name=f"triage-score-{index}", daemon=True
        )
        self.proc.start()
        child.close()
        self.lock = threading.Lock()  # one call at a time, from a thread or the loop
        self._alock: asyncio.Lock | None = None

    def ready(self) -> tuple[str, str]:
        """Wait for the process to load its pipeline; its (name, version)."""
        try:
            status, detail = self.conn.recv()
        except EOFError:
            raise RuntimeError(f"scoring process {self.index} exited while starting") from None
        if status != "ready":
            raise RuntimeError(f"scoring process {self.index} failed to start: {detail}")
        return detail

    def call(self, op: str, args: Any) -> _Answer:
        with self.lock:
            try:
                self.conn.send((op, args))
                return self.conn.recv()
            except (EOFError, OSError, BrokenPipeError):
                log.error("pool.worker_gone", extra={"worker": self.index})
                raise HookError(Code.STAGE_FAILED, "scoring process stopped", status=503) from None

    async def acall(self, op: str, args: Any) -> _Answer:
        """:meth:`call` from the event loop, without a worker thread.

        The request goes down the pipe at once and the loop waits for the answer
        on the pipe's file descriptor. The exchange runs as its own task and is
        shielded: a request that goes away still leaves the answer read, so the
        next call never reads a stale one.
        """
        if self._alock is None:
            self._alock = asyncio.Lock()
        async with self._alock:  # callers from the loop queue here, in order
            while not self.lock.acquire(blocking=False):  # a thread's call (rare: purge, DELETE)
                await asyncio.sleep(0.001)
            exchange = asyncio.ensure_future(self._exchange(op, args))
            exchange.add_done_callback(lambda _: self.lock.release())
            return await asyncio.shield(exchange)

    async def _exchange(self, op: str, args: Any) -> _Answer:
        loop = asyncio.get_running_loop()
        try:
            self.conn.send((op, args))
            readable = loop.create_future()
            fd = self.conn.fileno()
            loop.add_reader(fd, lambda: readable.done() or readable.set_result(None))
            try:
                await readable
            finally:
                loop.remove_reader(fd)
                # uvloop leaves the descriptor non-blocking; the pipe's readers expect blocking
                # reads (a thread's call, or the rest of a message not yet written)
                os.set_blocking(fd, True)
            return self.conn.recv()
        except (EOFError, OSError, BrokenPipeError):
            log.error("pool.worker_gone", extra={"worker": self.index})
            raise HookError(Code.STAGE_FAILED, "scoring process stopped", status=503) from None

    def stop(self) -> None:
        with self.lock:
            try:
                self.conn.send(("stop", None))
            except (OSError, BrokenPipeError):
                pass
        self.proc.join(timeout=10)
        if self.proc.is_alive():
            self.proc.terminate()
            self.proc.join(timeout=5)
        self.conn.close()


class HookPool:
    """``workers`` scoring processes behind the :class:`~triage.hook.ChatHook` interface.

    Args:
        settings: Service settings (each process builds its hook from them).
        workers: Number of scoring processes (>= 2 to be useful).
        observers: Called with every decision, in this process.
        stage_timer: ``(stage, seconds)`` for every stage run in a worker.
        stage_cpu_timer: ``(stage, CPU seconds)`` for every stage run in a worker.
    """

    def __init__(
        self,
        settings: Any,
        workers: int,
        *,
        observers: Sequence[Callable[[dict[str, Any]], None]] | None = None,
        stage_timer: Callable[[str, float], None] | None = None,
        stage_cpu_timer: Callable[[str, float], None] | None = None,
    ) -> None:
        from triage.hook import default_observers

        if workers < 1:
            raise ValueError("workers must be >= 1")
        self.observers = list(default_observers() if observers is None else observers)
        self._stage_timer = stage_timer
        self._stage_cpu_timer = stage_cpu_timer
        ctx = multiprocessing.get_context("spawn")  # no fork of a threaded server
        self._workers = [_Worker(i, settings, ctx) for i in range(workers)]
        self._next = 0
        self._affinity = ChatAffinity(workers, settings.chat_ttl_s, settings.max_chats * workers)
        try:
            infos = [w.ready() for w in self._workers]
        except BaseException:
            self.close()
            raise
        self.pipeline = _PipelineView(PipelineInfo(*infos[0]))

    # -- the ChatHook interface --------------------------------------------

    async def add_message_async(
        self,
        chat_id: str,
        speaker: str,
        text: str,
        start: float | None = None,
        customer: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """:meth:`ChatHook.add_message` in the process that owns ``chat_id``, from the loop.

        No worker thread: the event loop writes to the process's pipe and waits on it.
        """
        index, new = self._affinity.assign(chat_id)
        try:
            answer = await self._workers[index].acall(
                "add", (chat_id, speaker, text, start, customer)
            )
            decision = self._settle(answer)
        except HookError as exc:
            if new and exc.status < 500:  # refused before the process kept the chat
                self._affinity.release(chat_id)
            raise
        notify_observers(self.observers, chat_id, decision, log)
        return decision

    def score(self, record: Any) -> dict[str, Any]:
        """:meth:`ChatHook.score` in an idle process (the next one when all are busy)."""
        for w in self._workers:
            if not w.lock.locked():
                return self._call(w, "score", record)
        self._next = (self._next + 1) % len(self._workers)
        return self._call(self._workers[self._next], "score", record)

    def end_chat(self, chat_id: str) -> dict[str, Any] | None:
        """:meth:`ChatHook.end_chat` in the owning process (None: no process holds it)."""
        index = self._affinity.owner(chat_id)
        if index is None:
            return None
        try:
            return self._call(self._workers[index], "end", chat_id)
        finally:
            self._affinity.release(chat_id)
            notify_chat_ended(self.observers, chat_id, log)

    def __contains__(self, chat_id: object) -> bool:
        if not isinstance(chat_id, str):
            return False
        index = self._affinity.owner(chat_id)
        return index is not None and bool(self._call(self._workers[index], "has", chat_id))

    def __len__(self) -> int:
        return sum(self.live_per_process())

    def live_per_process(self) -> list[int]:
        """Live chats each scoring process holds (``/healthz``)."""
        return [int(self._call(w, "len", None)) for w in self._workers]

    def purge_idle(self) -> int:
        """Drop idle chats in every process; how many were dropped."""
        return sum(int(self._call(w, "purge", None)) for w in self._workers)

    def close(self) -> None:
        """Stop every scoring process."""
        for w in self._workers:
            w.stop()

    # -- internals ----------------------------------------------------------

    def _call(self, worker: _Worker, op: str, args: Any) -> Any:
        return self._settle(worker.call(op, args))

    def _settle(self, answer: _Answer) -> Any:
        """Feed the answer's stage timings to the metrics; its result, or its error raised."""
        status, result, timings = answer
        for name, wall, cpu in timings:
            if self._stage_timer is not None:
                self._stage_timer(name, wall)
            if self._stage_cpu_timer is not None:
                self._stage_cpu_timer(name, cpu)
        if status == "ok":
            return result
        if status == "hook_error":
            code, reason, http_status = result
            raise HookError(code, reason, status=http_status)
        raise HookError(Code.STAGE_FAILED, f"scoring process failed ({result})", status=500)
