from __future__ import annotations

import asyncio
from dbapi._awaitify_runtime import run_sync
import socket
from typing import Any, Generic, Optional, TypeVar, Union

T = TypeVar("T")


class Conn(Generic[T]):
    def __init__(self, host: str) -> None:
        self.host = host
        self.sock: Optional[socket.socket] = None

    async def async_connect(self) -> None:
        self.sock = await asyncio.to_thread(socket.create_connection, (self.host, 5432))

    def connect(self) -> None:
        """Sync shim kept by awaitify: runs `async_connect` to completion."""
        return run_sync(Conn.async_connect(self))

    def describe(self) -> str:
        """Look-alike: same receiver, no I/O."""
        return f"Conn({self.host})"


class Pool:
    async def async_connect(self) -> None:
        for _ in range(2):
            Conn[Any]("db").connect()

    def connect(self) -> None:
        """Sync shim kept by awaitify: runs `async_connect` to completion."""
        return run_sync(Pool.async_connect(self))

    def describe(self) -> str:
        return "Pool"


C = TypeVar("C", bound="Conn[Any]")


class BaseCursor(Generic[C]):
    def __init__(self, conn: C) -> None:
        self._conn = conn


class Cursor(BaseCursor["Conn[Any]"]):
    async def async_execute(self, sql: str) -> None:
        await self._conn.async_connect()

    def execute(self, sql: str) -> None:
        """Sync shim kept by awaitify: runs `async_execute` to completion."""
        return run_sync(Cursor.async_execute(self, sql))
