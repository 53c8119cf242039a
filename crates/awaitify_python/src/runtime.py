"""Sync bridges for code migrated to asyncio by awaitify.

Migrated functions are coroutines; their old names stay as sync shims that call one of
the helpers below, so existing sync callers keep working while the migration lands piece
by piece.

``run_sync(coro)`` runs a coroutine to completion from sync code:

* With no event loop running in this thread, it runs the coroutine on an event loop that
  belongs to this thread and is reused by every later call from the same thread (objects
  bound to a loop, such as streams and locks, keep working across calls, and a call costs
  microseconds, not a new loop).
* Called while an event loop is running in this thread (sync code called from async
  code), it cannot re-enter that loop. The running loop is blocked by this call anyway,
  exactly as it was by the original sync function, so the coroutine runs to completion
  on a second loop *in the same thread* (spare loops are kept per thread and reused;
  nested calls take another one). Thread-bound state such as ``threading.local`` and
  sqlite3 connections stays valid, which a helper thread would break.

In both cases the coroutine runs in a copy of the caller's context (contextvars), and
the values it sets are copied back afterwards (Python 3.11+), so a migrated function that
sets a ContextVar or decimal's context behaves as the sync original did. Exceptions
propagate unchanged.

``sync_iter``, ``sync_next`` and ``sync_context`` do the same for async generators,
``__anext__`` and async context managers.

This file is generated once and then yours: awaitify never overwrites it.
"""

import asyncio
import contextvars
import logging
import os
import sys
import threading
import weakref

__all__ = ["run_sync", "sync_iter", "sync_next", "sync_context"]

_local = threading.local()


# Every loop this module created and that is still alive (see the fork handler).
_loops = weakref.WeakSet()
_inherited = []


def _forget_loops_after_fork():
    # A forked child must not drive the parent's loops: they share the parent's selector
    # and self-pipe, and the threads of their default executors do not exist here. Nor
    # may it let them be collected: a loop's __del__ closes it, which unregisters its
    # self-pipe from the epoll instance the parent still uses (the parent then hangs).
    global _local
    _inherited.extend(_loops)
    _local = threading.local()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_loops_after_fork)


def _new_loop():
    # Creating a loop logs "Using selector: ..." at DEBUG level; that is our plumbing,
    # not the application's, so keep it out of its logs.
    logger = logging.getLogger("asyncio")
    disabled = logger.disabled
    logger.disabled = True
    try:
        loop = asyncio.new_event_loop()
    finally:
        logger.disabled = disabled
    _loops.add(loop)
    return loop


def _thread_loop():
    loop = getattr(_local, "loop", None)
    if loop is None or loop.is_closed():
        loop = _new_loop()
        _local.loop = loop
    return loop


def _loop_running():
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


def _spare_loop():
    spare = getattr(_local, "spare", None)
    if spare is None:
        spare = _local.spare = []
    return spare.pop() if spare else _new_loop()


_MISSING = object()


def _complete(loop, coro):
    # Run in a copy of the caller's context, then copy the coroutine's context changes
    # back, so `var.set(...)` (and decimal's context) behave as in the sync original.
    context = contextvars.copy_context()
    if sys.version_info >= (3, 11):
        task = loop.create_task(coro, context=context)
    else:  # the task copies the context again: changes stay inside (documented)
        task = context.run(loop.create_task, coro)
    try:
        return loop.run_until_complete(task)
    finally:
        for var, value in context.items():
            if var.get(_MISSING) is not value:
                var.set(value)


def run_sync(coro):
    """Run ``coro`` to completion and return its result (see the module docstring)."""
    running = asyncio._get_running_loop()
    if running is None:
        return _complete(_thread_loop(), coro)
    # Sync code called from async code: the running loop is blocked by this call anyway
    # (as it was by the original sync function), so run the coroutine to completion on a
    # second loop in this same thread. Thread-bound state (threading.local, sqlite3
    # connections) stays valid, unlike on a helper thread.
    loop = _spare_loop()
    asyncio._set_running_loop(None)
    try:
        return _complete(loop, coro)
    finally:
        asyncio._set_running_loop(running)
        _local.spare.append(loop)


def sync_next(coro):
    """Run an ``__anext__()`` coroutine; ``StopAsyncIteration`` becomes ``StopIteration``."""
    try:
        return run_sync(coro)
    except StopAsyncIteration:
        raise StopIteration from None


class sync_iter:
    """A sync generator over an async one: iteration, ``send``, ``throw`` and ``close``
    are forwarded, and an abandoned iterator closes its async generator (running its
    ``finally`` blocks) when it is garbage-collected, as a generator would."""

    def __init__(self, agen):
        self._agen = agen
        self._iterator = agen.__aiter__()
        self._done = False

    def __iter__(self):
        return self

    def _step(self, awaitable):
        try:
            return run_sync(awaitable)
        except StopAsyncIteration:
            self._done = True
            raise StopIteration from None

    def __next__(self):
        return self._step(self._iterator.__anext__())

    def send(self, value):
        return self._step(self._agen.asend(value))

    def throw(self, *exc_info):
        return self._step(self._agen.athrow(*exc_info))

    def close(self):
        if not self._done and hasattr(self._agen, "aclose"):
            self._done = True
            run_sync(self._agen.aclose())

    def __del__(self):
        try:
            self.close()
        except Exception:  # finalization must not raise (as for generators)
            pass


class sync_context:
    """Use an async context manager in a sync ``with`` statement, or as a decorator
    (like a ``@contextmanager`` object; needs Python 3.10+ to recreate the manager)."""

    def __init__(self, manager):
        self._manager = manager

    def __enter__(self):
        return run_sync(self._manager.__aenter__())

    def __exit__(self, exc_type, exc, tb):
        return run_sync(self._manager.__aexit__(exc_type, exc, tb))

    def __call__(self, func):
        import functools

        @functools.wraps(func)
        def inner(*args, **kwargs):
            recreate = getattr(self._manager, "_recreate_cm", None)
            with sync_context(recreate() if recreate else self._manager):
                return func(*args, **kwargs)

        return inner


if sys.version_info < (3, 9):  # asyncio.to_thread, used by migrated code
    raise ImportError("code migrated by awaitify needs Python 3.9 or newer")
