import contextlib
import time


def items(n):
    for i in range(n):
        time.sleep(0.01)
        yield i


@contextlib.contextmanager
def locked(name):
    time.sleep(0.01)
    yield name


def consume(n):
    it = items(n)
    total = 0
    for x in it:
        total += x
    with locked("a") as a, contextlib.suppress(KeyError):
        total += len(a)
    return total
