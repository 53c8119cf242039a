"""Receivers typed in every way the type layer reads."""
import functools
import time
from typing import Any, Generic, Optional, TypeVar, Union

from net import waiting

T = TypeVar("T")


def logged(func):
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)

    return wrapper


class Conn(Generic[T]):
    @logged
    def send(self, data):
        time.sleep(0.01)

    def label(self):
        return "conn"


class Pipe:
    def send(self, data):
        time.sleep(0.01)


class AsyncConn:
    async def send(self, data):
        return data


class Client:
    def __init__(self, conn: Conn[Any]):
        self._conn = conn

    @property
    def transport(self) -> Conn[Any]:
        return self._conn

    def options(self, **kw) -> "Client":
        return self


async def through_generic(c: Conn[Any]):
    c.send(b"x")  # blocking through a subscripted generic and a passthrough decorator


async def through_union(c: Union[Conn[Any], Pipe]):
    c.send(b"x")  # each member blocks


async def through_optional(c: "Optional[Pipe]"):
    if c is not None:
        c.send(b"x")


async def through_property(client: Client):
    client.transport.send(b"x")


async def through_branch_global(fd):
    return waiting.wait(fd, 1.0)


async def readiness_only(fd):
    return waiting.is_readable(fd)  # not blocking: a zero timeout


async def awaited_async_member(c: Union[AsyncConn, Pipe]):
    await c.send(b"x")  # awaited: the sync `Pipe.send` cannot be what runs here


async def pure(c: Conn[Any]):
    return c.label()
