import asyncio
from _awaitify_runtime import run_sync
import time

import framework


def make():
    class Local:
        async def async_meth(self):
            await asyncio.sleep(0.01)
            return "local"

        def meth(self):
            """Sync shim kept by awaitify: runs `async_meth` to completion."""
            return run_sync(__class__.async_meth(self))

    return Local()


class Base:
    def run(self):
        time.sleep(0.01)
        return "base"


class Decorated(Base):
    @framework.traced
    def run(self):
        return "decorated"


def use(b: Base):
    return b.run()
