"""Handlers that are already partly async."""
import asyncio
import json
import time


def load(path):
    """Sync blocking helper still used by async code."""
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


async def handler(request):
    """Async handler that still blocks the event loop."""
    settings = load(request["settings_path"])
    # Crude rate limit: blocks the whole loop today.
    time.sleep(1)
    return {"status": 200, "settings": settings}


async def ping(request):
    """Already correct: must stay byte-for-byte the same."""
    await asyncio.sleep(0.1)
    return {"status": 200, "body": "pong"}
