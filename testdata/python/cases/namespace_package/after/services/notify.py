"""Notification fan-out."""
from _awaitify_runtime import run_sync
from services.mailer import format_subject, send_mail, async_send_mail
import services.audit


async def async_notify_user(user, event):
    """Email the user about an event and record it."""
    await async_send_mail(user["email"], format_subject(event), f"Hello {user['name']}")
    await services.audit.async_record(user["id"], event)


def notify_user(user, event):
    """Sync shim kept by awaitify: runs `async_notify_user` to completion."""
    return run_sync(async_notify_user(user, event))


def preview(event):
    """Look-alike: only formats, sends nothing."""
    return format_subject(event)
