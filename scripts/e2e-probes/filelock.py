"""Downstream probe for filelock after `awaitify migrate --write`: the package used as a
dependent would use it. Copied into the migrated tree by scripts/e2e-real and run from
there (with src/ on the path)."""
from probe_checks import check, run
import asyncio
import os
import tempfile

from filelock import FileLock, SoftFileLock, Timeout

TMP = tempfile.mkdtemp(prefix="awaitify-probe-filelock-")


@check("async API from asyncio.run")
def _():
    async def main():
        lock = FileLock(os.path.join(TMP, "a.lock"))
        async with lock:
            assert lock.is_locked
        assert not lock.is_locked
        await lock.async_acquire()
        assert lock.is_locked
        await lock.async_release()
        assert not lock.is_locked
    asyncio.run(main())


@check("async API: a second holder times out while the first holds it")
def _():
    async def main():
        path = os.path.join(TMP, "b.lock")
        first, second = SoftFileLock(path), SoftFileLock(path)
        async with first:
            try:
                await second.async_acquire(timeout=0.2)
            except Timeout:
                pass
            else:
                raise AssertionError("acquired a lock that is held")
        await second.async_acquire(timeout=1)
        await second.async_release()
    asyncio.run(main())


@check("sync API from plain code")
def _():
    lock = FileLock(os.path.join(TMP, "c.lock"))
    with lock:
        assert lock.is_locked
    with lock.acquire(timeout=1):
        assert lock.is_locked
    assert not lock.is_locked


@check("sync API from inside a running event loop")
def _():
    async def main():
        lock = FileLock(os.path.join(TMP, "d.lock"))
        with lock:
            assert lock.is_locked
        assert not lock.is_locked
    asyncio.run(main())


run()
