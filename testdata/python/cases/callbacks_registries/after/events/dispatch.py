"""Handlers looked up at run time."""
import asyncio
from events._awaitify_runtime import run_sync
import functools
import time


async def async_on_click(event):
    await asyncio.sleep(0.01)
    return "click"


def on_click(event):
    """Sync shim kept by awaitify: runs `async_on_click` to completion."""
    return run_sync(async_on_click(event))


async def async_on_key(event):
    return "key"


def on_key(event):
    """Sync shim kept by awaitify: runs `async_on_key` to completion."""
    return run_sync(async_on_key(event))


def on_idle(event):
    # Look-alike: never registered, never looked up.
    return "idle"


HANDLERS = {"click": on_click}
HANDLERS["key"] = on_key


async def async_dispatch(kind, event):
    handler = HANDLERS.get(kind)
    return handler(event)


def dispatch(kind, event):
    """Sync shim kept by awaitify: runs `async_dispatch` to completion."""
    return run_sync(async_dispatch(kind, event))


async def async_dispatch_item(kind, event):
    return HANDLERS[kind](event)


def dispatch_item(kind, event):
    """Sync shim kept by awaitify: runs `async_dispatch_item` to completion."""
    return run_sync(async_dispatch_item(kind, event))


class Widget:
    async def async_handle_click(self, event):
        await asyncio.sleep(0.01)
        return "clicked"

    def handle_click(self, event):
        """Sync shim kept by awaitify: runs `async_handle_click` to completion."""
        return run_sync(Widget.async_handle_click(self, event))

    async def async_handle_key(self, event):
        return "pressed"

    def handle_key(self, event):
        """Sync shim kept by awaitify: runs `async_handle_key` to completion."""
        return run_sync(Widget.async_handle_key(self, event))

    def render(self):
        return "widget"

    async def async_fire(self, kind, event):
        return getattr(self, "handle_" + kind)(event)

    def fire(self, kind, event):
        """Sync shim kept by awaitify: runs `async_fire` to completion."""
        return run_sync(Widget.async_fire(self, kind, event))


async def async_later(event):
    callback = functools.partial(on_click, event)
    return callback()


def later(event):
    """Sync shim kept by awaitify: runs `async_later` to completion."""
    return run_sync(async_later(event))
