"""Close every connection of a pool (the shape of httpcore's ConnectionPool)."""
from __future__ import annotations

import socket
import time
from typing import Sequence


class Conn:
    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock

    def drain(self) -> None:
        time.sleep(0.01)  # wait for in-flight bytes


def drain_all(conns: list[Conn]) -> None:
    for conn in conns:
        conn.drain()


def drain_seq(conns: Sequence[Conn]) -> None:
    for conn in conns:
        conn.drain()


def drain_tuple(conns: tuple[Conn, ...]) -> None:
    for conn in conns:
        conn.drain()


def drain_local(pool) -> None:
    conns: list[Conn] = pool.connections()
    for conn in conns:
        conn.drain()


def rebound(conns: list[Conn], names) -> None:
    conns = names
    for conn in conns:
        conn.drain()


def untyped(conns) -> None:
    for conn in conns:
        conn.drain()


def quoted(conns: "list[Conn]") -> None:
    for conn in conns:
        conn.drain()
