"""A toy key-value cluster: nodes in a list, scripts called as objects, a retried send."""
import asyncio
from kv._awaitify_runtime import run_sync
import copy
import time

from kv.retry import Retry


class Node:
    def __init__(self, name: str, retry: Retry) -> None:
        self.name = name
        # Each node gets its own policy object (the shape of `copy(self._pipe.retry)`).
        self.retry = copy.copy(retry)
        self.sent = []
        self.failures = 0

    async def _async_send(self, command):
        await asyncio.sleep(0.001)  # stands for a socket round trip
        if self.failures:
            self.failures -= 1
            raise ConnectionError(self.name)
        self.sent.append(command)
        return f"{self.name}:{command}"

    def _send(self, command):
        """Sync shim kept by awaitify: runs `_async_send` to completion."""
        return run_sync(Node._async_send(self, command))

    def _reset(self, error):
        self.sent.append(f"reset after {error}")

    async def async_query(self, command):
        # Lambdas forward to methods that become coroutine functions: passed on as such.
        return await self.retry.async_call(lambda: self._async_send(command), lambda e: self._reset(e))

    def query(self, command):
        """Sync shim kept by awaitify: runs `async_query` to completion."""
        return run_sync(Node.async_query(self, command))


class Script:
    """Called like a function: `script(node)` (its `__call__` blocks)."""

    def __init__(self, source: str) -> None:
        self.source = source

    async def async_call(self, node: Node):
        return await node.async_query(f"EVAL {self.source}")

    def __call__(self, node: Node):
        """Sync shim kept by awaitify: runs `async_call` to completion."""
        return run_sync(self.async_call(node))


class Cluster:
    release = None

    def __init__(self, names, retry: Retry) -> None:
        # Elements of a comprehension stored on `self`, iterated with enumerate and zip.
        self.nodes = [Node(name, retry) for name in names]
        self.register()

    def register(self):
        cls = type(self)
        if cls.release is None:
            cls.release = Script("release")

    def pick(self, key: str):
        index = len(key) % len(self.nodes)
        return self.nodes[index], index

    async def async_get(self, key: str):
        # Unpacking a returned tuple types each name.
        node, index = self.pick(key)
        return await node.async_query(f"GET {key} @{index}")

    def get(self, key: str):
        """Sync shim kept by awaitify: runs `async_get` to completion."""
        return run_sync(Cluster.async_get(self, key))

    async def async_ping_all(self):
        replies = []
        for number, node in enumerate(self.nodes):
            replies.append((number, await node.async_query("PING")))
        return replies

    def ping_all(self):
        """Sync shim kept by awaitify: runs `async_ping_all` to completion."""
        return run_sync(Cluster.async_ping_all(self))

    async def async_tag_all(self, tags):
        return [await node.async_query(f"TAG {tag}") for node, tag in zip(self.nodes, tags)]

    def tag_all(self, tags):
        """Sync shim kept by awaitify: runs `async_tag_all` to completion."""
        return run_sync(Cluster.async_tag_all(self, tags))

    async def async_unlock(self):
        return await self.release.async_call(self.nodes[0])

    def unlock(self):
        """Sync shim kept by awaitify: runs `async_unlock` to completion."""
        return run_sync(Cluster.async_unlock(self))
