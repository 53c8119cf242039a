"""A small asyncio service: `handle_report` calls a blocking C function that static
analysis cannot see (it is looked up with getattr), `handle_ping` is clean."""

import asyncio
import time

CODECS = {"slow": (time, "sl" + "eep")}


def render(kind):
    module, name = CODECS[kind]
    getattr(module, name)(0.06)  # blocks the loop: only a trace sees it
    return "report"


async def handle_report():
    return render("slow")


async def handle_ping():
    await asyncio.sleep(0.01)
    return "pong"


async def main(clean=False):
    handlers = [handle_ping] * 3 if clean else [handle_ping, handle_report, handle_ping]
    return await asyncio.gather(*(h() for h in handlers))


if __name__ == "__main__":
    import sys

    print(asyncio.run(main(clean="--clean" in sys.argv)))
