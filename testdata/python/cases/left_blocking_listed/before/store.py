import os
import threading
import time

_lock = threading.Lock()


def fetch(key):
    time.sleep(0.01)  # the network
    return key.upper()


def cached(key):
    # A threading lock in code that becomes async: waiting for it blocks the loop.
    with _lock:
        return fetch(key)


async def relative(path):
    # A cheap string operation lint reports (flake8-async parity); migrate leaves it.
    return os.path.relpath(path, "/srv")
