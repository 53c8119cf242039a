"""Downstream probe for django-dbbackup after `awaitify migrate --write`: its migrated file
helpers (compress, uncompress, spooled temporary files) used as an application would,
from asyncio and from plain code. Copied into the migrated tree by scripts/e2e-real and
run from there with DJANGO_SETTINGS_MODULE=dbbackup.tests.settings."""
from probe_checks import check, run
import asyncio
import io

import django

django.setup()

from dbbackup import utils  # noqa: E402

PAYLOAD = b"backup bytes " * 1000


@check("async API from asyncio.run")
def _():
    async def main():
        packed, name = await utils.async_compress_file(io.BytesIO(PAYLOAD), "db.dump")
        assert name == "db.dump.gz"
        unpacked, name = await utils.async_uncompress_file(packed, name)
        assert name == "db.dump"
        unpacked.seek(0)
        assert unpacked.read() == PAYLOAD
        spooled = await utils.async_create_spooled_temporary_file(fileobj=io.BytesIO(PAYLOAD))
        spooled.seek(0)
        assert spooled.read() == PAYLOAD
    asyncio.run(main())


@check("async API from concurrent tasks")
def _():
    async def one(i):
        data = PAYLOAD * (i + 1)
        packed, name = await utils.async_compress_file(io.BytesIO(data), f"f{i}")
        unpacked, _ = await utils.async_uncompress_file(packed, name)
        unpacked.seek(0)
        return unpacked.read() == data
    async def main():
        return await asyncio.gather(*(one(i) for i in range(4)))
    assert all(asyncio.run(main()))


@check("sync API from plain code")
def _():
    packed, name = utils.compress_file(io.BytesIO(PAYLOAD), "db.dump")
    unpacked, name = utils.uncompress_file(packed, name)
    unpacked.seek(0)
    assert (unpacked.read(), name) == (PAYLOAD, "db.dump")


@check("sync API from inside a running event loop")
def _():
    async def main():
        packed, name = utils.compress_file(io.BytesIO(PAYLOAD), "db.dump")
        unpacked, name = utils.uncompress_file(packed, name)
        unpacked.seek(0)
        assert (unpacked.read(), name) == (PAYLOAD, "db.dump")
    asyncio.run(main())


run()
