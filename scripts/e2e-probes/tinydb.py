"""Downstream probe for tinydb after `awaitify migrate --write`: a document store on
MemoryStorage and on JSONStorage (a JSON file), used from asyncio (`Table.async_insert`,
`async_search`, `async with TinyDB(...)`) and through the unchanged sync API, from plain
code and from inside a running event loop. Copied into the migrated tree by
scripts/e2e-real and run from there."""
from probe_checks import check, run
import asyncio
import json
import os
import tempfile

from tinydb import Query, TinyDB
from tinydb.middlewares import CachingMiddleware
from tinydb.storages import JSONStorage, MemoryStorage

Doc = Query()


def scenario(db):
    """The sync API: what every check compares against."""
    db.insert({"name": "a", "n": 1})
    db.insert_multiple([{"name": "b", "n": 2}, {"name": "c", "n": 3}])
    db.update({"n": 20}, Doc.name == "b")
    db.upsert({"name": "d", "n": 4}, Doc.name == "d")
    db.remove(Doc.name == "c")
    return sorted((d["name"], d["n"]) for d in db.search(Doc.n > 1)), len(db), db.count(Doc.n > 0)


async def async_scenario(db):
    await db.async_insert({"name": "a", "n": 1})
    await db.async_insert_multiple([{"name": "b", "n": 2}, {"name": "c", "n": 3}])
    await db.async_update({"n": 20}, Doc.name == "b")
    await db.async_upsert({"name": "d", "n": 4}, Doc.name == "d")
    await db.async_remove(Doc.name == "c")
    found = await db.async_search(Doc.n > 1)
    return sorted((d["name"], d["n"]) for d in found), len(db), await db.async_count(Doc.n > 0)


EXPECTED = ([("b", 20), ("d", 4)], 3, 3)


@check("async API from asyncio.run, in memory and in a JSON file")
def _():
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "db.json")

        async def main():
            assert await async_scenario(TinyDB(storage=MemoryStorage)) == EXPECTED
            async with TinyDB(path) as db:
                assert await async_scenario(db) == EXPECTED
            # The file holds what the async API wrote.
            with open(path) as f:
                assert len(json.load(f)["_default"]) == 3
        asyncio.run(main())


@check("async API from concurrent tasks, one database each")
def _():
    with tempfile.TemporaryDirectory() as d:
        async def one(i):
            db = TinyDB(os.path.join(d, f"{i}.json"), storage=CachingMiddleware(JSONStorage))
            result = await async_scenario(db)
            await db.async_close()
            return result
        async def main():
            return await asyncio.gather(*(one(i) for i in range(4)))
        assert asyncio.run(main()) == [EXPECTED] * 4


@check("sync API from plain code")
def _():
    with tempfile.TemporaryDirectory() as d:
        assert scenario(TinyDB(storage=MemoryStorage)) == EXPECTED
        with TinyDB(os.path.join(d, "db.json")) as db:
            assert scenario(db) == EXPECTED
        with TinyDB(os.path.join(d, "db.json")) as db:
            assert len(db) == 3 and db.tables() == {"_default"}


@check("sync API from inside a running event loop")
def _():
    async def main():
        with tempfile.TemporaryDirectory() as d:
            with TinyDB(os.path.join(d, "db.json")) as db:
                assert scenario(db) == EXPECTED
    asyncio.run(main())


run()
