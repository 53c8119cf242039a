"""Retry an operation: `do` is called until it works, `fail` after each failure."""
import asyncio
import inspect
from kv._awaitify_runtime import run_sync
import time


class Retry:
    def __init__(self, attempts: int = 3, pause: float = 0.001) -> None:
        self.attempts = attempts
        self.pause = pause

    async def async_call(self, do, fail):
        for attempt in range(self.attempts):
            try:
                return ((await _awaitify_r) if inspect.isawaitable(_awaitify_r := do()) else _awaitify_r)
            except ConnectionError as error:
                fail(error)
                if attempt + 1 == self.attempts:
                    raise
                await asyncio.sleep(self.pause)

    def call(self, do, fail):
        """Sync shim kept by awaitify: runs `async_call` to completion."""
        return run_sync(Retry.async_call(self, do, fail))
