"""A wait function chosen per platform, and readiness checks."""
import select
import sys


def wait_select(fileno, timeout):
    ready, _, _ = select.select([fileno], [], [], timeout)
    return bool(ready)


def wait_poll(fileno, timeout):
    poller = select.poll()
    poller.register(fileno, select.POLLIN)
    return bool(poller.poll(timeout))


if sys.platform == "win32":
    wait = wait_select
else:
    wait = wait_poll


def is_readable(fileno):
    # A zero timeout only polls: it returns at once.
    ready, _, _ = select.select([fileno], [], [], 0)
    return bool(ready)
