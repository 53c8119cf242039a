"""Sleep-based helpers (the simplest kind of blocking call)."""

import time


def pause(seconds):
    """Block the calling thread for ``seconds`` seconds."""
    time.sleep(seconds)


def wait_then(seconds, value):
    """Pause, then hand ``value`` back unchanged."""
    pause(seconds)
    return value
