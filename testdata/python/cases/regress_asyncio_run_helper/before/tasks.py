import asyncio


async def work():
    await asyncio.sleep(0)
    return 1


def helper():
    return asyncio.run(work())


def helper2():
    loop = asyncio.new_event_loop()
    return loop.run_until_complete(work())


async def main():
    return helper() + helper2()
