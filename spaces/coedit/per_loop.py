"""State kept per event loop: a worker has one loop, a test run has one per test.

The loop's database connections (``log_writer``, ``sqlite_log``) belong to the loop that opened
them: an asyncio connection cannot be used from another loop, and keeping them in a module-level
global would hand a closed loop's connection to the next test. Keyed weakly, they go with it.
"""

import asyncio
import weakref
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class PerLoop(Generic[T]):
    def __init__(self, factory: Callable[[], T]) -> None:
        self._factory = factory
        self._values: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, T] = (
            weakref.WeakKeyDictionary()
        )

    def get(self) -> T:
        """The running loop's value, made on first use."""
        loop = asyncio.get_running_loop()
        value = self._values.get(loop)
        if value is None:
            value = self._values[loop] = self._factory()
        return value

    def existing(self) -> T | None:
        """The running loop's value if it has one (closing need not make one)."""
        return self._values.get(asyncio.get_running_loop())
