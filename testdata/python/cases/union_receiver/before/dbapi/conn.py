from __future__ import annotations

import socket
from typing import Any, Generic, Optional, TypeVar, Union

T = TypeVar("T")


class Conn(Generic[T]):
    def __init__(self, host: str) -> None:
        self.host = host
        self.sock: Optional[socket.socket] = None

    def connect(self) -> None:
        self.sock = socket.create_connection((self.host, 5432))

    def describe(self) -> str:
        """Look-alike: same receiver, no I/O."""
        return f"Conn({self.host})"


class Pool:
    def connect(self) -> None:
        for _ in range(2):
            Conn[Any]("db").connect()

    def describe(self) -> str:
        return "Pool"


C = TypeVar("C", bound="Conn[Any]")


class BaseCursor(Generic[C]):
    def __init__(self, conn: C) -> None:
        self._conn = conn


class Cursor(BaseCursor["Conn[Any]"]):
    def execute(self, sql: str) -> None:
        self._conn.connect()
