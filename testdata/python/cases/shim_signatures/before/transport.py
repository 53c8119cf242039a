"""Transport helpers with varied signatures."""
import time
from typing import Any


def send(a, /, b, *, timeout=3.0):
    """Positional-only a, normal b, keyword-only timeout."""
    time.sleep(timeout)
    return a, b


def send_many(target: str, *payloads: bytes, retries: int = 2, **headers: str) -> list[bytes]:
    """Varargs, keyword-only with default, and **kwargs, all annotated."""
    for _ in range(retries):
        time.sleep(0.1)
    return [target.encode() + p for p in payloads if headers or p]


def wait(seconds: float = 1.0) -> None:
    """Single defaulted, annotated parameter."""
    time.sleep(seconds)


class Channel:
    """A channel with method, classmethod and staticmethod variants."""

    def __init__(self, name: str) -> None:
        self.name = name

    def publish(self, message: str, /, *extra: Any, delay: float = 0.5) -> str:
        """Instance method with positional-only and keyword-only params."""
        time.sleep(delay)
        return f"{self.name}:{message}{''.join(map(str, extra))}"

    @classmethod
    def open(cls, name: str, *, warmup: float = 0.2) -> "Channel":
        """Classmethod constructor that warms up the connection."""
        time.sleep(warmup)
        return cls(name)

    @staticmethod
    def ping(host: str, port: int = 80, **options: Any) -> bool:
        """Staticmethod with **kwargs."""
        time.sleep(options.get("delay", 0.1))
        return bool(host and port)
