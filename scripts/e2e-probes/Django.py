"""Downstream probe for Django after `awaitify migrate --write`: the migrated file-based
cache and file storage used as an application would, from asyncio and from plain code.
Copied into the migrated tree by scripts/e2e-real and run from there."""
from probe_checks import check, run
import asyncio
import tempfile

import django
from django.conf import settings

TMP = tempfile.mkdtemp(prefix="awaitify-probe-django-")
settings.configure(
    CACHES={"default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": TMP + "/cache"}},
    MEDIA_ROOT=TMP + "/media",
    DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}},
    INSTALLED_APPS=[],
)
django.setup()

from django.core.cache import cache  # noqa: E402
from django.core.files.base import ContentFile  # noqa: E402
from django.core.files.storage import FileSystemStorage  # noqa: E402



@check("async API from asyncio.run")
def _():
    async def main():
        await cache.async_set("a", {"n": 1}, 60)
        assert await cache.async_get("a") == {"n": 1}
        assert not await cache.async_add("a", 2)
        await cache.async_delete("a")
        assert await cache.async_get("a", "gone") == "gone"
        storage = FileSystemStorage()
        name = storage.save("async.txt", ContentFile(b"hello"))
        assert await storage.async_exists(name)
        assert await storage.async_size(name) == 5
        assert name in (await storage.async_listdir(""))[1]
        await storage.async_delete(name)
        assert not await storage.async_exists(name)
    asyncio.run(main())


@check("async API from concurrent tasks")
def _():
    async def one(i):
        await cache.async_set(f"k{i}", i, 60)
        return await cache.async_get(f"k{i}")
    async def main():
        return await asyncio.gather(*(one(i) for i in range(8)))
    assert asyncio.run(main()) == list(range(8))


@check("sync API from plain code")
def _():
    cache.set("b", [1, 2], 60)
    assert cache.get("b") == [1, 2]
    assert cache.touch("b", 120)
    cache.delete("b")
    assert cache.get("b") is None
    storage = FileSystemStorage()
    name = storage.save("sync.txt", ContentFile(b"hi"))
    assert storage.exists(name) and storage.size(name) == 2
    storage.delete(name)
    assert not storage.exists(name)


@check("sync API from inside a running event loop")
def _():
    async def main():
        cache.set("c", "x", 60)
        assert cache.get("c") == "x"
        storage = FileSystemStorage()
        name = storage.save("loop.txt", ContentFile(b"abc"))
        assert storage.size(name) == 3
        storage.delete(name)
    asyncio.run(main())


run()
