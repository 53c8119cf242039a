"""Regressions from an adversarial review of lint: each line says what must (not) happen."""
import asyncio
import time

import legacy_sdk


class A:
    def __init__(self, x=0):
        self.x = x


class B(A):
    def __init__(self):
        time.sleep(1)
        super().__init__()


def sync_to_async(f):
    async def inner(*args):
        return await asyncio.to_thread(f, *args)
    return inner


@sync_to_async
def get_user():
    time.sleep(1)


def gen():
    for i in range(3):
        time.sleep(i)
        yield i


def helper():
    legacy_sdk.fetch()


async def f(x, items):
    a = A()                                  # not reported: A() never runs B.__init__
    await get_user()                         # not reported: the decorator runs it in a thread
    it = gen()                               # not reported: creating a generator runs nothing
    prev = None
    for x in items:                          # not AWT303: each call uses the previous result
        prev = await asyncio.wait_for(asyncio.sleep(0, prev), 1)
    for x in items:                          # not AWT303: sending in order is the point
        await asyncio.sleep(x)
    time.sleep(1)  # noqa: AWT101, ASYNC251
    helper()                                 # AWT201 through the declared legacy_sdk.* name
    return a, it


LOCK = __import__("threading").Lock()


async def g():
    import threading

    lock = threading.Lock()
    with lock:                               # AWT108: waits on a threading lock
        pass

    class Config:
        time.sleep(1)                        # AWT101: a class body runs now

    later = lambda: time.sleep(1)            # not reported: runs later, if ever
    return Config, later
