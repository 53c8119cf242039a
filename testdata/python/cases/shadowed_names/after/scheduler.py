"""Pure scheduling logic with names that shadow blocking APIs."""
import time

import requests


def sleep(ticks):
    """Advance a simulated clock; not time.sleep."""
    return {"advanced": ticks, "at": time.monotonic()}


class Registry:
    """In-memory registry with a dict-like get."""

    def __init__(self):
        self.items = {}

    def get(self, key, default=None):
        return self.items.get(key, default)


def plan(registry: Registry, names):
    """Build a plan; nothing here blocks."""
    requests = []  # a plain list, shadowing the requests module
    for name in names:
        requests.append(registry.get(name, name))
    clock = sleep(1)
    requests.append(clock)
    return requests


def lookup(registry: Registry, name):
    """Method named get on an in-repo class: not requests.get."""
    return registry.get(name)


def is_http_error(exc):
    """Uses the real module only for an exception type, no call."""
    return isinstance(exc, requests.RequestException)
