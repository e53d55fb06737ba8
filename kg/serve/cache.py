"""Answers remembered by the web process: identical requests are run once.

The store behind ``kg serve`` is opened read-only, so an answer stays right
while the server runs; entries still expire after ``ttl`` seconds, and a
remote store (whose data may change under us) is not cached at all.
Concurrent identical requests share one run (single flight), so a burst of
the same expensive query costs one worker, not all of them.  Only successful
answers under ``max_bytes`` are kept.
"""

from __future__ import annotations

import asyncio
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Hashable

from kg.serve.protocol import Reply


class ReplyCache:
    """An LRU of job replies with a time to live, and single flight for identical jobs in progress.

    >>> cache = ReplyCache(entries=2)
    >>> calls = []
    >>> async def work():
    ...     calls.append(1)
    ...     return Reply(200, "text/plain", b"ok")
    >>> async def twice():
    ...     return await asyncio.gather(cache.get(("q", 1), work), cache.get(("q", 1), work))
    >>> [r.body for r in asyncio.run(twice())], len(calls)
    ([b'ok', b'ok'], 1)
    """

    def __init__(self, entries: int = 512, ttl: float = 600.0, max_bytes: int = 1 << 20) -> None:
        self.entries, self.ttl, self.max_bytes = entries, ttl, max_bytes
        self._data: OrderedDict[Hashable, tuple[float, Reply]] = OrderedDict()
        self._flying: dict[Hashable, asyncio.Future] = {}
        self.hits = self.misses = 0

    def forget(self, key: Hashable) -> None:
        """Drop the answer kept for ``key``, if any."""
        self._data.pop(key, None)

    async def get(self, key: Hashable, run: Callable[[], Awaitable[Reply]]) -> Reply:
        if self.entries <= 0:
            return await run()
        now = time.monotonic()
        found = self._data.get(key)
        if found is not None and now - found[0] < self.ttl:
            self._data.move_to_end(key)
            self.hits += 1
            return found[1]
        flying = self._flying.get(key)
        if flying is not None:
            self.hits += 1
            return await asyncio.shield(flying)
        self.misses += 1
        future: asyncio.Future = asyncio.get_running_loop().create_future()
        self._flying[key] = future
        try:
            reply = await run()
        except asyncio.CancelledError:
            future.cancel()
            raise
        except BaseException as e:
            future.set_exception(e)
            future.exception()  # retrieved: no warning when nobody else waited
            raise
        else:
            future.set_result(reply)
            if reply.status == 200 and len(reply.body) <= self.max_bytes:
                self._data[key] = (now, reply)
                self._data.move_to_end(key)
                while len(self._data) > self.entries:
                    self._data.popitem(last=False)
            return reply
        finally:
            self._flying.pop(key, None)
