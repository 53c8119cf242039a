"""Querysets awaitify cannot type (a parameter, a model held in an attribute). The
storage service blocks, so `report` and `Backend.get` become async; what they reach of
the ORM through untyped values runs in the worker thread."""

import time

from django.apps import apps
from django.core.files.images import ImageFile

from shop.models import Source


def storage_ping():
    time.sleep(0.01)  # the storage service
    return "ok"


def sizes(src):
    # `src` is not annotated: `.thumbs.all()` by name is the ORM, so this function stays
    # sync and async callers reach it through sync_to_async.
    return [t.size for t in src.thumbs.all()]


def newest(qs):
    return qs.order_by("-pk").first().pk


def report(src):
    return storage_ping(), sizes(src), newest(Source.objects.all())


def name_of(label, pk):
    # A model looked up at run time: any method of its `objects` is the ORM.
    storage_ping()
    model = apps.get_model(label)
    return model.objects.get(pk=pk).name


class Backend:
    def __init__(self):
        self._model = Source

    def get(self, name):
        storage_ping()
        # A model held in an attribute: its `_default_manager` is a manager.
        return self._model._default_manager.filter(name=name).first().name


class Picture(ImageFile):
    # Django's `width`/`height` call this override by name: it becomes async and keeps
    # its sync name as a shim, although the name is private.
    def _get_image_dimensions(self):
        storage_ping()
        return (640, 480)
