#!/usr/bin/env python3
"""Copy a directory to the backup host."""
import asyncio
from _awaitify_runtime import run_sync
import subprocess
import sys

DEFAULT_DEST = "backup.example.com:/srv/backups/"


async def async_sync_dir(src, dest):
    """rsync src to dest, raising on failure."""
    await asyncio.to_thread(subprocess.run, ["rsync", "-a", src, dest], check=True)


def sync_dir(src, dest):
    """Sync shim kept by awaitify: runs `async_sync_dir` to completion."""
    return run_sync(async_sync_dir(src, dest))


def usage():
    """Look-alike: only prints the usage line."""
    print("usage: backup.py SRC [DEST]", file=sys.stderr)


async def async_main():
    """Command-line entry point."""
    args = sys.argv[1:]
    if not args:
        usage()
        return
    # Destination defaults to the shared backup host.
    dest = args[1] if len(args) > 1 else DEFAULT_DEST
    await async_sync_dir(args[0], dest)


def main():
    """Sync shim kept by awaitify: runs `async_main` to completion."""
    return run_sync(async_main())


if __name__ == "__main__":
    asyncio.run(async_main())
