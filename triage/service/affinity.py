"""Which scoring process owns which live chat (``triage serve --workers N``).

A chat's state (its redacted turns, cached counts) lives in one scoring
process, so every message of the chat must go there. A new chat goes to the
process that owns the fewest live chats (ties: in turn), so concurrent chats
spread evenly: with 4 chats on 2 processes each process serves 2, where a
hash of the chat id puts 3 or 4 on one process half the time and those chats
then wait for each other.

The table forgets a chat when it ends, and when it has been idle longer than
the processes keep it (their TTL plus a margin, so a process never holds a
chat the table has forgotten: a later message would start the chat afresh on
another process). Past ``max_chats`` the least recently used entry goes, as
in the processes themselves.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable

#: Seconds the table keeps an idle chat beyond the processes' own TTL.
TTL_MARGIN_S = 60.0


class ChatAffinity:
    """Chat id -> process index, least-loaded on first sight.

    Args:
        processes: Number of scoring processes.
        ttl_s: Idle seconds after which the processes drop a chat.
        max_chats: Entries kept at most (least recently used dropped first).
        clock: Monotonic seconds (tests pass their own).
    """

    def __init__(
        self,
        processes: int,
        ttl_s: float,
        max_chats: int,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if processes < 1:
            raise ValueError("processes must be >= 1")
        self.processes = processes
        self.ttl_s = ttl_s + TTL_MARGIN_S
        self.max_chats = max_chats
        self._clock = clock
        self._owner: OrderedDict[str, tuple[int, float]] = OrderedDict()
        self._load = [0] * processes
        self._next = 0
        self._lock = threading.Lock()

    def assign(self, chat_id: str) -> tuple[int, bool]:
        """The process owning ``chat_id`` and whether the chat is new here.

        A new chat gets the least-loaded process.
        """
        now = self._clock()
        with self._lock:
            self._expire(now)
            entry = self._owner.get(chat_id)
            if entry is not None:
                index = entry[0]
                self._owner[chat_id] = (index, now)
                self._owner.move_to_end(chat_id)
                return index, False
            fewest = min(self._load)
            index = next(
                i % self.processes
                for i in range(self._next, self._next + self.processes)
                if self._load[i % self.processes] == fewest
            )
            self._next = (index + 1) % self.processes
            self._owner[chat_id] = (index, now)
            self._load[index] += 1
            while len(self._owner) > self.max_chats:
                _, (old, _) = self._owner.popitem(last=False)
                self._load[old] -= 1
            return index, True

    def owner(self, chat_id: str) -> int | None:
        """The process owning ``chat_id``, or None when no process can hold it."""
        with self._lock:
            self._expire(self._clock())
            entry = self._owner.get(chat_id)
            return None if entry is None else entry[0]

    def release(self, chat_id: str) -> None:
        """Forget ``chat_id`` (its chat ended)."""
        with self._lock:
            entry = self._owner.pop(chat_id, None)
            if entry is not None:
                self._load[entry[0]] -= 1

    def loads(self) -> list[int]:
        """Live chats per process."""
        with self._lock:
            self._expire(self._clock())
            return list(self._load)

    def __len__(self) -> int:
        with self._lock:
            return len(self._owner)

    def _expire(self, now: float) -> None:
        while self._owner:
            chat_id, (index, seen) = next(iter(self._owner.items()))
            if now - seen <= self.ttl_s:
                break
            del self._owner[chat_id]
            self._load[index] -= 1
