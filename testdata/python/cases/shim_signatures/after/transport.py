"""Transport helpers with varied signatures."""
import asyncio
from _awaitify_runtime import run_sync
import time
from typing import Any


async def async_send(a, /, b, *, timeout=3.0):
    """Positional-only a, normal b, keyword-only timeout."""
    await asyncio.sleep(timeout)
    return a, b


def send(a, /, b, *, timeout=3.0):
    """Sync shim kept by awaitify: runs `async_send` to completion."""
    return run_sync(async_send(a, b, timeout=timeout))


async def async_send_many(target: str, *payloads: bytes, retries: int = 2, **headers: str) -> list[bytes]:
    """Varargs, keyword-only with default, and **kwargs, all annotated."""
    for _ in range(retries):
        await asyncio.sleep(0.1)
    return [target.encode() + p for p in payloads if headers or p]


def send_many(target: str, *payloads: bytes, retries: int = 2, **headers: str) -> list[bytes]:
    """Sync shim kept by awaitify: runs `async_send_many` to completion."""
    return run_sync(async_send_many(target, *payloads, retries=retries, **headers))


async def async_wait(seconds: float = 1.0) -> None:
    """Single defaulted, annotated parameter."""
    await asyncio.sleep(seconds)


def wait(seconds: float = 1.0) -> None:
    """Sync shim kept by awaitify: runs `async_wait` to completion."""
    return run_sync(async_wait(seconds))


class Channel:
    """A channel with method, classmethod and staticmethod variants."""

    def __init__(self, name: str) -> None:
        self.name = name

    async def async_publish(self, message: str, /, *extra: Any, delay: float = 0.5) -> str:
        """Instance method with positional-only and keyword-only params."""
        await asyncio.sleep(delay)
        return f"{self.name}:{message}{''.join(map(str, extra))}"

    def publish(self, message: str, /, *extra: Any, delay: float = 0.5) -> str:
        """Sync shim kept by awaitify: runs `async_publish` to completion."""
        return run_sync(Channel.async_publish(self, message, *extra, delay=delay))

    @classmethod
    async def async_open(cls, name: str, *, warmup: float = 0.2) -> "Channel":
        """Classmethod constructor that warms up the connection."""
        await asyncio.sleep(warmup)
        return cls(name)

    @classmethod
    def open(cls, name: str, *, warmup: float = 0.2) -> "Channel":
        """Sync shim kept by awaitify: runs `async_open` to completion."""
        return run_sync(Channel.async_open.__func__(cls, name, warmup=warmup))

    @staticmethod
    async def async_ping(host: str, port: int = 80, **options: Any) -> bool:
        """Staticmethod with **kwargs."""
        await asyncio.sleep(options.get("delay", 0.1))
        return bool(host and port)

    @staticmethod
    def ping(host: str, port: int = 80, **options: Any) -> bool:
        """Sync shim kept by awaitify: runs `async_ping` to completion."""
        return run_sync(Channel.async_ping(host, port, **options))
