"""A coroutine function called through a variable in sync code, its result dropped."""


async def refresh():
    return 1


def schedule(now):
    job = refresh
    if now:
        job()  # never awaited: the body never runs
