import select
import sys


def wait_select(fileno, timeout):
    ready, _, _ = select.select([fileno], [], [], timeout)
    return bool(ready)


def wait_poll(fileno, timeout):
    poller = select.poll()
    poller.register(fileno, select.POLLIN)
    return bool(poller.poll(timeout * 1000))


def no_wait(fileno, timeout):
    """Look-alike: same signature, never blocks."""
    return True


if sys.platform == "win32":
    wait = wait_select
else:
    wait = wait_poll

try:
    from ._speedups import fast_wait as wait2
except ImportError:
    wait2 = wait_select

check = no_wait
