"""Downstream probe for sarge after `awaitify migrate --write`: commands run and their
output captured, from asyncio (`Command.async_run`: `Pipeline.run` stays sync) and
from plain code. Copied into the migrated tree by
scripts/e2e-real and run from there."""
from probe_checks import check, run
import asyncio

from sarge import Capture, Command, Pipeline, run as run_command


@check("async API from asyncio.run")
def _():
    async def main():
        c = Command("echo hello | tr a-z A-Z", stdout=Capture(), shell=True)
        await c.async_run()
        assert await c.async_wait() == 0
        assert (await c.stdout.async_read()).strip() == b"HELLO"
    asyncio.run(main())


@check("async API from concurrent tasks")
def _():
    async def one(i):
        c = Command(["echo", str(i)], stdout=Capture())
        await c.async_run()
        await c.async_wait()
        return (await c.stdout.async_read()).strip()
    async def main():
        return await asyncio.gather(*(one(i) for i in range(4)))
    assert asyncio.run(main()) == [str(i).encode() for i in range(4)]


@check("sync API from plain code")
def _():
    p = run_command("echo plain", stdout=Capture())
    assert p.returncode == 0 and p.stdout.text.strip() == "plain"
    c = Capture()
    Pipeline("printf 'a\\nb\\n'", stdout=c).run()
    assert c.readlines() == [b"a\n", b"b\n"]


@check("sync API from inside a running event loop")
def _():
    async def main():
        p = run_command("echo inside", stdout=Capture())
        assert p.stdout.text.strip() == "inside"
    asyncio.run(main())


run()
