"""Close every connection of a pool (the shape of httpcore's ConnectionPool)."""
from __future__ import annotations

import asyncio
from _awaitify_runtime import run_sync
import socket
import time
from typing import Sequence


class Conn:
    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock

    async def async_drain(self) -> None:
        await asyncio.sleep(0.01)  # wait for in-flight bytes

    def drain(self) -> None:
        """Sync shim kept by awaitify: runs `async_drain` to completion."""
        return run_sync(Conn.async_drain(self))


async def async_drain_all(conns: list[Conn]) -> None:
    for conn in conns:
        await conn.async_drain()


def drain_all(conns: list[Conn]) -> None:
    """Sync shim kept by awaitify: runs `async_drain_all` to completion."""
    return run_sync(async_drain_all(conns))


async def async_drain_seq(conns: Sequence[Conn]) -> None:
    for conn in conns:
        await conn.async_drain()


def drain_seq(conns: Sequence[Conn]) -> None:
    """Sync shim kept by awaitify: runs `async_drain_seq` to completion."""
    return run_sync(async_drain_seq(conns))


async def async_drain_tuple(conns: tuple[Conn, ...]) -> None:
    for conn in conns:
        await conn.async_drain()


def drain_tuple(conns: tuple[Conn, ...]) -> None:
    """Sync shim kept by awaitify: runs `async_drain_tuple` to completion."""
    return run_sync(async_drain_tuple(conns))


async def async_drain_local(pool) -> None:
    conns: list[Conn] = pool.connections()
    for conn in conns:
        await conn.async_drain()


def drain_local(pool) -> None:
    """Sync shim kept by awaitify: runs `async_drain_local` to completion."""
    return run_sync(async_drain_local(pool))


async def async_rebound(conns: list[Conn], names) -> None:
    conns = names
    for conn in conns:
        await conn.async_drain()


def rebound(conns: list[Conn], names) -> None:
    """Sync shim kept by awaitify: runs `async_rebound` to completion."""
    return run_sync(async_rebound(conns, names))


def untyped(conns) -> None:
    for conn in conns:
        conn.drain()


async def async_quoted(conns: "list[Conn]") -> None:
    for conn in conns:
        await conn.async_drain()


def quoted(conns: "list[Conn]") -> None:
    """Sync shim kept by awaitify: runs `async_quoted` to completion."""
    return run_sync(async_quoted(conns))
