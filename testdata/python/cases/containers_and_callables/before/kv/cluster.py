"""A toy key-value cluster: nodes in a list, scripts called as objects, a retried send."""
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

    def _send(self, command):
        time.sleep(0.001)  # stands for a socket round trip
        if self.failures:
            self.failures -= 1
            raise ConnectionError(self.name)
        self.sent.append(command)
        return f"{self.name}:{command}"

    def _reset(self, error):
        self.sent.append(f"reset after {error}")

    def query(self, command):
        # Lambdas forward to methods that become coroutine functions: passed on as such.
        return self.retry.call(lambda: self._send(command), lambda e: self._reset(e))


class Script:
    """Called like a function: `script(node)` (its `__call__` blocks)."""

    def __init__(self, source: str) -> None:
        self.source = source

    def __call__(self, node: Node):
        return node.query(f"EVAL {self.source}")


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

    def get(self, key: str):
        # Unpacking a returned tuple types each name.
        node, index = self.pick(key)
        return node.query(f"GET {key} @{index}")

    def ping_all(self):
        replies = []
        for number, node in enumerate(self.nodes):
            replies.append((number, node.query("PING")))
        return replies

    def tag_all(self, tags):
        return [node.query(f"TAG {tag}") for node, tag in zip(self.nodes, tags)]

    def unlock(self):
        return self.release(self.nodes[0])
