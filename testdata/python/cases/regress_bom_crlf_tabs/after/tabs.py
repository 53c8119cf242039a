import asyncio
from _awaitify_runtime import run_sync
import time


async def async_nap():
	await asyncio.sleep(1)
	return 1


def nap():
	"""Sync shim kept by awaitify: runs `async_nap` to completion."""
	return run_sync(async_nap())
