from dbapi._awaitify_runtime import run_sync
from typing import Any, Optional, Union

from dbapi.conn import Conn, Cursor, Pool


async def async_open_union(target: Union[Conn[Any], Pool]) -> None:
    await target.async_connect()


def open_union(target: Union[Conn[Any], Pool]) -> None:
    """Sync shim kept by awaitify: runs `async_open_union` to completion."""
    return run_sync(async_open_union(target))


async def async_open_pipe(target: Conn[Any] | Pool) -> None:
    await target.async_connect()


def open_pipe(target: Conn[Any] | Pool) -> None:
    """Sync shim kept by awaitify: runs `async_open_pipe` to completion."""
    return run_sync(async_open_pipe(target))


async def async_open_maybe(target: "Conn[Any] | None") -> None:
    if target is not None:
        await target.async_connect()


def open_maybe(target: "Conn[Any] | None") -> None:
    """Sync shim kept by awaitify: runs `async_open_maybe` to completion."""
    return run_sync(async_open_maybe(target))


async def async_open_optional(target: Optional[Pool]) -> None:
    if target:
        await target.async_connect()


def open_optional(target: Optional[Pool]) -> None:
    """Sync shim kept by awaitify: runs `async_open_optional` to completion."""
    return run_sync(async_open_optional(target))


async def async_open_generic(conn: Conn[Any]) -> None:
    await conn.async_connect()


def open_generic(conn: Conn[Any]) -> None:
    """Sync shim kept by awaitify: runs `async_open_generic` to completion."""
    return run_sync(async_open_generic(conn))


async def async_run_query(cur: Cursor) -> None:
    await cur.async_execute("select 1")


def run_query(cur: Cursor) -> None:
    """Sync shim kept by awaitify: runs `async_run_query` to completion."""
    return run_sync(async_run_query(cur))


def label(target: Union[Conn[Any], Pool]) -> str:
    """Look-alike: same union, only a pure method."""
    return target.describe()
