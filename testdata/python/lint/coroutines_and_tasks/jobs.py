"""AWT301, AWT302, AWT303: dropped coroutines, dangling tasks, sequential awaits."""
import asyncio

background = set()


async def save(item):
    await asyncio.sleep(0)
    return item


async def run(items):
    save(items[0])                               # AWT301: never awaited
    asyncio.sleep(1)                             # AWT301: asyncio coroutine dropped
    asyncio.create_task(save(items[1]))          # AWT302: dangling task
    asyncio.get_running_loop().create_task(save(items[2]))  # AWT302
    task = asyncio.create_task(save(items[3]))   # kept: fine
    background.add(task)
    results = []
    for item in items:                           # AWT303: sequential independent awaits
        results.append(await save(item))
    for item in items:                           # fine: the await does not use the item
        await asyncio.sleep(0)
    coro = save(items[0])                        # stored: fine
    await coro
    await asyncio.gather(*(save(i) for i in items))
    return results


def schedule(items):
    return save(items[0])                        # returned: fine
