"""Persist reports on disk."""
import asyncio
from mypkg._awaitify_runtime import run_sync
import json
import os

REPORT_DIR = os.environ.get("REPORT_DIR", "/var/lib/reports")


async def async_save_report(name, payload):
    """Write a report as JSON and return its path."""
    path = os.path.join(REPORT_DIR, f"{name}.json")
    with await asyncio.to_thread(open, path, "w", encoding="utf-8") as fh:
        await asyncio.to_thread(json.dump, payload, fh)
    return path


def save_report(name, payload):
    """Sync shim kept by awaitify: runs `async_save_report` to completion."""
    return run_sync(async_save_report(name, payload))


def report_filename(name):
    """Look-alike: builds a name, touches no disk."""
    return f"{name}.json"
