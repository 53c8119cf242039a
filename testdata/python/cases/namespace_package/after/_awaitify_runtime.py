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
  code), it cannot use that loop: it runs the coroutine on a fresh helper thread with its
  own loop, in a copy of the caller's context (contextvars), and blocks until it is done,
  exactly as the original sync function would have. Exceptions propagate unchanged.

``sync_iter``, ``sync_next`` and ``sync_context`` do the same for async generators,
``__anext__`` and async context managers.

This file is generated once and then yours: awaitify never overwrites it.
"""

import asyncio
import contextvars
import sys
import threading

__all__ = ["run_sync", "sync_iter", "sync_next", "sync_context"]

_local = threading.local()


def _thread_loop():
    loop = getattr(_local, "loop", None)
    if loop is None or loop.is_closed():
        loop = asyncio.new_event_loop()
        _local.loop = loop
    return loop


def _loop_running():
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


def run_sync(coro):
    """Run ``coro`` to completion and return its result (see the module docstring)."""
    if not _loop_running():
        return _thread_loop().run_until_complete(coro)
    context = contextvars.copy_context()
    outcome = {}

    def helper():
        loop = asyncio.new_event_loop()
        try:
            outcome["value"] = context.run(loop.run_until_complete, coro)
        except BaseException as exc:  # re-raised in the calling thread
            outcome["error"] = exc
        finally:
            try:
                loop.run_until_complete(loop.shutdown_asyncgens())
            finally:
                loop.close()

    thread = threading.Thread(target=helper, name="awaitify-run-sync", daemon=True)
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


def sync_next(coro):
    """Run an ``__anext__()`` coroutine; ``StopAsyncIteration`` becomes ``StopIteration``."""
    try:
        return run_sync(coro)
    except StopAsyncIteration:
        raise StopIteration from None


def sync_iter(agen):
    """Iterate an async iterator from sync code."""
    iterator = agen.__aiter__()
    while True:
        try:
            item = run_sync(iterator.__anext__())
        except StopAsyncIteration:
            return
        yield item


class sync_context:
    """Use an async context manager in a sync ``with`` statement."""

    def __init__(self, manager):
        self._manager = manager

    def __enter__(self):
        return run_sync(self._manager.__aenter__())

    def __exit__(self, exc_type, exc, tb):
        return run_sync(self._manager.__aexit__(exc_type, exc, tb))


if sys.version_info < (3, 9):  # asyncio.to_thread, used by migrated code
    raise ImportError("code migrated by awaitify needs Python 3.9 or newer")
