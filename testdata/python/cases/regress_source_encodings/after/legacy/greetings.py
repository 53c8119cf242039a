# -*- coding: latin-1 -*-
"""Greetings kept in latin-1, as this old module was written (CPython reads the
declaration; so must awaitify, and write the file back in latin-1)."""
import asyncio
from legacy._awaitify_runtime import run_sync
import time

GREETING = "héllo, café"


async def async_greet(name):
    await asyncio.sleep(0.001)  # prétend to wait
    return f"{GREETING} {name}"


def greet(name):
    """Sync shim kept by awaitify: runs `async_greet` to completion."""
    return run_sync(async_greet(name))
