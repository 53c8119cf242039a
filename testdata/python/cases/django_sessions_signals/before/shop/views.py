"""A view that keeps a session and sends signals. The page renderer blocks, so the view
becomes async: the session goes to its Django 5.1 twins, the signals to `asend`, and a
model saved through a value awaitify cannot type runs in a thread."""

import time

from django.db.models.signals import post_save
from django.contrib.auth.models import User
from django.dispatch import Signal
from django.http import HttpRequest

from shop.models import Visit

page_viewed = Signal()


def render(page):
    time.sleep(0.01)  # the template service
    return f"<h1>{page}</h1>"


def bump(visit):
    # `visit` is not annotated: its `save` is a model's by name, run in a thread.
    visit.count += 1
    visit.save()
    return visit.count


def view(request: HttpRequest, page):
    seen = request.session.get("seen", [])
    request.session["seen"] = seen + [page]
    request.session.save()
    visit, _ = Visit.objects.get_or_create(page=page)
    count = bump(visit)
    post_save.send(sender=Visit, instance=visit, created=False)
    replies = page_viewed.send(sender=Visit, page=page)
    # A model of Django's own (auth's User): its manager goes to the twins too.
    staff = User.objects.filter(is_staff=True).count()
    return render(page), len(seen), count, [r for _, r in replies], staff
