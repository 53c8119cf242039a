"""Rate limiting helpers for the outbound mailer."""
import asyncio
from _awaitify_runtime import run_sync
from time import monotonic
from time import sleep as nap


async def async_pause_between_batches(seconds=1.0):
    """Sleep between two batches of mail."""
    await asyncio.sleep(seconds)


def pause_between_batches(seconds=1.0):
    """Sync shim kept by awaitify: runs `async_pause_between_batches` to completion."""
    return run_sync(async_pause_between_batches(seconds))


class Throttle:
    """Allow at most `rate` sends per second."""

    def __init__(self, rate):
        self.rate = rate
        self.last = 0.0

    async def async_wait(self):
        """Block until the next send is allowed."""
        gap = 1.0 / self.rate
        elapsed = monotonic() - self.last
        if elapsed < gap:
            # Too early: wait out the rest of the slot.
            await asyncio.sleep(gap - elapsed)
        self.last = monotonic()

    def wait(self):
        """Sync shim kept by awaitify: runs `async_wait` to completion."""
        return run_sync(Throttle.async_wait(self))

    def remaining(self):
        """Look-alike: only reads the clock, never sleeps."""
        return max(0.0, 1.0 / self.rate - (monotonic() - self.last))
