import time


def ticks(n):
    for i in range(n):
        time.sleep(1)
        yield i


def squares(n):
    for i in range(n):
        yield i * i


class Lock:
    def __enter__(self):
        time.sleep(0.1)
        return self

    def __exit__(self, *exc):
        return False


def consume():
    total = 0
    for t in ticks(3):
        total += t
    return total


def guarded():
    with Lock():
        return 1


def collect():
    out = []
    for s in squares(4):
        out.append(s)
    return out
