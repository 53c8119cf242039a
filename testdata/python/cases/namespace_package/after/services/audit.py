"""Append-only audit log."""
import asyncio
from _awaitify_runtime import run_sync

AUDIT_LOG = "/var/log/app/audit.log"


async def async_record(user_id, event):
    """Append one audit line."""
    # One line per event, tab separated.
    with await asyncio.to_thread(open, AUDIT_LOG, "a", encoding="utf-8") as fh:
        await asyncio.to_thread(fh.write, f"{user_id}\t{event}\n")


def record(user_id, event):
    """Sync shim kept by awaitify: runs `async_record` to completion."""
    return run_sync(async_record(user_id, event))
