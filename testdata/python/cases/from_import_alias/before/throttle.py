"""Rate limiting helpers for the outbound mailer."""
from time import monotonic
from time import sleep as nap


def pause_between_batches(seconds=1.0):
    """Sleep between two batches of mail."""
    nap(seconds)


class Throttle:
    """Allow at most `rate` sends per second."""

    def __init__(self, rate):
        self.rate = rate
        self.last = 0.0

    def wait(self):
        """Block until the next send is allowed."""
        gap = 1.0 / self.rate
        elapsed = monotonic() - self.last
        if elapsed < gap:
            # Too early: wait out the rest of the slot.
            nap(gap - elapsed)
        self.last = monotonic()

    def remaining(self):
        """Look-alike: only reads the clock, never sleeps."""
        return max(0.0, 1.0 / self.rate - (monotonic() - self.last))
