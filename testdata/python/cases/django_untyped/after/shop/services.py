"""Querysets awaitify cannot type (a parameter, a model held in an attribute). The
storage service blocks, so `report` and `Backend.get` become async; what they reach of
the ORM through untyped values runs in the worker thread."""

import asyncio
from asgiref.sync import sync_to_async
from shop._awaitify_runtime import run_sync
import time

from django.apps import apps
from django.core.files.images import ImageFile

from shop.models import Source


async def async_storage_ping():
    await asyncio.sleep(0.01)  # the storage service
    return "ok"


def storage_ping():
    """Sync shim kept by awaitify: runs `async_storage_ping` to completion."""
    return run_sync(async_storage_ping())


def sizes(src):
    # `src` is not annotated: `.thumbs.all()` by name is the ORM, so this function stays
    # sync and async callers reach it through sync_to_async.
    return [t.size for t in src.thumbs.all()]


async def async_newest(qs):
    return (await qs.order_by("-pk").afirst()).pk


def newest(qs):
    """Sync shim kept by awaitify: runs `async_newest` to completion."""
    return run_sync(async_newest(qs))


async def async_report(src):
    return await async_storage_ping(), await sync_to_async(sizes)(src), await async_newest(Source.objects.all())


def report(src):
    """Sync shim kept by awaitify: runs `async_report` to completion."""
    return run_sync(async_report(src))


async def async_name_of(label, pk):
    # A model looked up at run time: any method of its `objects` is the ORM.
    await async_storage_ping()
    model = apps.get_model(label)
    return (await sync_to_async(model.objects.get)(pk=pk)).name


def name_of(label, pk):
    """Sync shim kept by awaitify: runs `async_name_of` to completion."""
    return run_sync(async_name_of(label, pk))


class Backend:
    def __init__(self):
        self._model = Source

    async def async_get(self, name):
        await async_storage_ping()
        # A model held in an attribute: its `_default_manager` is a manager.
        return (await self._model._default_manager.filter(name=name).afirst()).name

    def get(self, name):
        """Sync shim kept by awaitify: runs `async_get` to completion."""
        return run_sync(Backend.async_get(self, name))


class Picture(ImageFile):
    # Django's `width`/`height` call this override by name: it becomes async and keeps
    # its sync name as a shim, although the name is private.
    async def _async_get_image_dimensions(self):
        await async_storage_ping()
        return (640, 480)

    def _get_image_dimensions(self):
        """Sync shim kept by awaitify: runs `_async_get_image_dimensions` to completion."""
        return run_sync(Picture._async_get_image_dimensions(self))
