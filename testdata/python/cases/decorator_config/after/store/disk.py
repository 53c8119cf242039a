import asyncio
from store._awaitify_runtime import run_sync
import typing
from typing import Union

from otherlib import audited
from somelib import cached_call


@cached_call
async def async_load_blob(path):
    with await asyncio.to_thread(open, path, "rb") as fh:
        return await asyncio.to_thread(fh.read)


@cached_call
def load_blob(path):
    """Sync shim kept by awaitify: runs `async_load_blob` to completion."""
    return run_sync(async_load_blob(path))


@audited
def load_manifest(path):
    """Look-alike: blocks too, but its decorator is unknown, so it stays sync."""
    with open(path) as fh:
        return fh.read()


@typing.overload
def read_part(path: str) -> bytes: ...
@typing.overload
def read_part(path: str, size: int) -> bytes: ...
async def async_read_part(path: str, size: Union[int, None] = None) -> bytes:
    with await asyncio.to_thread(open, path, "rb") as fh:
        return await asyncio.to_thread(fh.read) if size is None else await asyncio.to_thread(fh.read, size)


def read_part(path: str, size: Union[int, None] = None) -> bytes:
    """Sync shim kept by awaitify: runs `async_read_part` to completion."""
    return run_sync(async_read_part(path, size))


async def async_snapshot(paths):
    return [await async_load_blob(p) for p in paths] + [await async_read_part(p, 16) for p in paths]


def snapshot(paths):
    """Sync shim kept by awaitify: runs `async_snapshot` to completion."""
    return run_sync(async_snapshot(paths))
