"""Behaviour of the runtime helper that awaitify writes into migrated projects.

The helper is copied next to this file as ``_awaitify_runtime.py`` by the test harness
(crates/awaitify/tests/python_runtime.rs), exactly as a migration writes it.
"""

import asyncio
import contextvars
import threading

import pytest

from _awaitify_runtime import run_sync, sync_context, sync_iter, sync_next

request_id = contextvars.ContextVar("request_id", default=None)


async def answer(value=42):
    await asyncio.sleep(0)
    return value


async def loop_id():
    return id(asyncio.get_running_loop())


async def fail():
    await asyncio.sleep(0)
    raise KeyError("boom")


def test_returns_the_result_without_a_running_loop():
    assert run_sync(answer()) == 42


def test_reuses_one_loop_per_thread():
    # Loop-bound objects (locks, streams, clients) survive across shim calls.
    assert run_sync(loop_id()) == run_sync(loop_id())


def test_each_thread_gets_its_own_loop():
    ids = []
    t = threading.Thread(target=lambda: ids.append(run_sync(loop_id())))
    t.start()
    t.join()
    assert ids and ids[0] != run_sync(loop_id())


@pytest.mark.skipif(not hasattr(__import__("os"), "fork"), reason="needs os.fork")
def test_a_forked_child_gets_loops_of_its_own():
    # Parent and child must not drive one loop (a shared selector and self-pipe: both
    # processes hung, as waitress's forked test servers did). Both run blocking work
    # through to_thread at the same time; the child reports within the time limit.
    import os
    import select

    async def threaded():
        return await asyncio.to_thread(os.getpid)

    assert run_sync(threaded()) == os.getpid()
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: report, never return into pytest
        ok = all(run_sync(threaded()) == os.getpid() for _ in range(200))
        os.write(w, b"1" if ok else b"0")
        os._exit(0)
    os.close(w)
    assert all(run_sync(threaded()) == os.getpid() for _ in range(200))
    ready, _, _ = select.select([r], [], [], 30)
    got = os.read(r, 1) if ready else b"timeout"
    if not ready:
        os.kill(pid, 9)
    os.waitpid(pid, 0)
    assert got == b"1"


def test_exceptions_propagate_unchanged():
    with pytest.raises(KeyError, match="boom"):
        run_sync(fail())


def test_inside_a_running_loop_runs_on_another_loop_in_the_same_thread():
    # A sync shim called from async code: no "cannot be called from a running event
    # loop" error, the caller's loop is not re-entered, and the thread is the same.
    async def where():
        return id(asyncio.get_running_loop()), threading.get_ident()

    async def caller():
        outer = id(asyncio.get_running_loop())
        inner, thread = run_sync(where())
        return outer, inner, thread, run_sync(answer(7))

    outer, inner, thread, value = asyncio.run(caller())
    assert outer != inner
    assert thread == threading.get_ident()
    assert value == 7


def test_thread_local_state_survives_a_call_from_async_code():
    # The pitfall of helper threads: threading.local state is not there.
    state = threading.local()
    state.user = "alice"

    async def read():
        await asyncio.sleep(0)
        return getattr(state, "user", None)

    async def caller():
        return run_sync(read())

    assert asyncio.run(caller()) == "alice"


def test_the_outer_loop_runs_again_after_the_call():
    async def caller():
        run_sync(answer())
        await asyncio.sleep(0)
        return asyncio.get_running_loop().is_running()

    assert asyncio.run(caller())


def test_inside_a_running_loop_exceptions_propagate():
    async def caller():
        with pytest.raises(KeyError):
            run_sync(fail())
        return True

    assert asyncio.run(caller())


def test_contextvars_are_visible_from_async_callers():
    async def read():
        return request_id.get()

    async def caller():
        request_id.set("req-1")
        return run_sync(read())

    assert asyncio.run(caller()) == "req-1"


def test_contextvars_visible_without_a_running_loop():
    async def read():
        return request_id.get()

    token = request_id.set("req-2")
    try:
        assert run_sync(read()) == "req-2"
    finally:
        request_id.reset(token)


def test_sync_iter_drives_an_async_generator():
    async def numbers(n):
        for i in range(n):
            await asyncio.sleep(0)
            yield i

    assert list(sync_iter(numbers(4))) == [0, 1, 2, 3]


def test_sync_next_turns_stop_async_iteration_into_stop_iteration():
    class Countdown:
        def __init__(self, n):
            self.n = n

        async def __anext__(self):
            if self.n == 0:
                raise StopAsyncIteration
            self.n -= 1
            return self.n

        def __next__(self):
            return sync_next(self.__anext__())

        def __iter__(self):
            return self

    assert list(Countdown(3)) == [2, 1, 0]


def test_sync_context_enters_and_exits_an_async_context_manager():
    events = []

    class Resource:
        async def __aenter__(self):
            events.append("enter")
            return "resource"

        async def __aexit__(self, exc_type, exc, tb):
            events.append(("exit", exc_type))
            return False

    with sync_context(Resource()) as r:
        assert r == "resource"
    with pytest.raises(ValueError):
        with sync_context(Resource()):
            raise ValueError("x")
    assert events == ["enter", ("exit", None), "enter", ("exit", ValueError)]


def test_nested_calls_do_not_deadlock():
    async def inner():
        await asyncio.sleep(0)
        return "inner"

    async def middle():
        # Sync code (a shim) called from async code, which again calls a shim.
        return run_sync(inner()) + "+middle"

    async def outer():
        return run_sync(middle())

    assert asyncio.run(outer()) == "inner+middle"


def test_spare_loops_are_reused():
    async def caller():
        return {run_sync(loop_id()) for _ in range(5)}

    assert len(asyncio.run(caller())) == 1


def test_loop_creation_does_not_log(caplog):
    import logging

    caplog.set_level(logging.DEBUG, logger="asyncio")

    def fresh_thread():
        run_sync(answer())

    t = threading.Thread(target=fresh_thread)
    t.start()
    t.join()
    assert not [r for r in caplog.records if "selector" in r.getMessage()]


def test_context_changes_propagate_back_to_the_caller():
    import decimal

    async def login(name):
        request_id.set(name)
        decimal.getcontext().prec = 3

    token = request_id.set(None)
    old = decimal.getcontext().prec
    try:
        run_sync(login("bob"))
        assert request_id.get() == "bob"
        assert decimal.getcontext().prec == 3
    finally:
        request_id.reset(token)
        decimal.getcontext().prec = old


def test_context_changes_propagate_back_from_async_callers_too():
    async def set_it():
        request_id.set("inner")

    async def caller():
        run_sync(set_it())
        return request_id.get()

    assert asyncio.run(caller()) == "inner"


def test_sync_iter_forwards_send_throw_and_close():
    log = []

    async def echo():
        received = None
        try:
            while True:
                try:
                    received = yield received
                except ValueError:
                    received = "handled"
        finally:
            log.append("closed")

    it = sync_iter(echo())
    assert next(it) is None
    assert it.send(12) == 12
    assert it.throw(ValueError) == "handled"
    it.close()
    assert log == ["closed"]


def test_sync_iter_abandoned_early_runs_finally_when_collected():
    import gc

    log = []

    async def numbers():
        try:
            for i in range(10):
                yield i
        finally:
            log.append("finally")

    for x in sync_iter(numbers()):
        if x == 2:
            break
    gc.collect()
    assert log == ["finally"]


def test_sync_context_works_as_a_decorator():
    import contextlib

    events = []

    @contextlib.asynccontextmanager
    async def timed(name):
        events.append(("start", name))
        yield
        events.append(("end", name))

    @sync_context(timed("job"))
    def job(x):
        events.append(("run", x))
        return x * 2

    assert job(1) == 2 and job(2) == 4
    assert events == [("start", "job"), ("run", 1), ("end", "job"), ("start", "job"), ("run", 2), ("end", "job")]
