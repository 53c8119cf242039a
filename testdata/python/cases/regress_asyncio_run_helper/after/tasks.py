from _awaitify_runtime import run_sync
import asyncio


async def work():
    await asyncio.sleep(0)
    return 1


async def async_helper():
    return await (work())


def helper():
    """Sync shim kept by awaitify: runs `async_helper` to completion."""
    return run_sync(async_helper())


async def async_helper2():
    loop = asyncio.new_event_loop()
    return await (work())


def helper2():
    """Sync shim kept by awaitify: runs `async_helper2` to completion."""
    return run_sync(async_helper2())


async def main():
    return await async_helper() + await async_helper2()
