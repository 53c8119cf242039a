"""Found by scripts/fuzz: an already awaited call to a blocking function whose async twin
is itself an `await` (`await asyncio.run(...)` -> `await (await (...))`, never the
`await await ...` that does not parse)."""
import asyncio


async def tick():
    return 1


async def tock():
    return await (await (tick()))
