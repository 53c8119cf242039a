import asyncio


def run_sync(coro):
    return asyncio.new_event_loop().run_until_complete(coro)
