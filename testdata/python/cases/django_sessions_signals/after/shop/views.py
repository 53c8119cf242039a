"""A view that keeps a session and sends signals. The page renderer blocks, so the view
becomes async: the session goes to its Django 5.1 twins, the signals to `asend`, and a
model saved through a value awaitify cannot type runs in a thread."""

import asyncio
from asgiref.sync import sync_to_async
from shop._awaitify_runtime import run_sync
import time

from django.db.models.signals import post_save
from django.contrib.auth.models import User
from django.dispatch import Signal
from django.http import HttpRequest

from shop.models import Visit

page_viewed = Signal()


async def async_render(page):
    await asyncio.sleep(0.01)  # the template service
    return f"<h1>{page}</h1>"


def render(page):
    """Sync shim kept by awaitify: runs `async_render` to completion."""
    return run_sync(async_render(page))


def bump(visit):
    # `visit` is not annotated: its `save` is a model's by name, run in a thread.
    visit.count += 1
    visit.save()
    return visit.count


async def async_view(request: HttpRequest, page):
    seen = await request.session.aget("seen", [])
    request.session["seen"] = seen + [page]
    await request.session.asave()
    visit, _ = await Visit.objects.aget_or_create(page=page)
    count = await sync_to_async(bump)(visit)
    await post_save.asend(sender=Visit, instance=visit, created=False)
    replies = await page_viewed.asend(sender=Visit, page=page)
    # A model of Django's own (auth's User): its manager goes to the twins too.
    staff = await User.objects.filter(is_staff=True).acount()
    return await async_render(page), len(seen), count, [r for _, r in replies], staff


def view(request: HttpRequest, page):
    """Sync shim kept by awaitify: runs `async_view` to completion."""
    return run_sync(async_view(request, page))
