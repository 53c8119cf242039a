"""Handlers looked up at run time."""
import functools
import time


def on_click(event):
    time.sleep(0.01)
    return "click"


def on_key(event):
    return "key"


def on_idle(event):
    # Look-alike: never registered, never looked up.
    return "idle"


HANDLERS = {"click": on_click}
HANDLERS["key"] = on_key


def dispatch(kind, event):
    handler = HANDLERS.get(kind)
    return handler(event)


def dispatch_item(kind, event):
    return HANDLERS[kind](event)


class Widget:
    def handle_click(self, event):
        time.sleep(0.01)
        return "clicked"

    def handle_key(self, event):
        return "pressed"

    def render(self):
        return "widget"

    def fire(self, kind, event):
        return getattr(self, "handle_" + kind)(event)


def later(event):
    callback = functools.partial(on_click, event)
    return callback()
