"""SMTP mail sending (namespace package module, no __init__.py)."""
import asyncio
from _awaitify_runtime import run_sync
import smtplib

SMTP_HOST = "mail.example.com"


async def async_send_mail(to, subject, body):
    """Send one plain-text message."""
    message = f"Subject: {subject}\n\n{body}"
    with await asyncio.to_thread(smtplib.SMTP, SMTP_HOST, 25, timeout=10) as smtp:
        await asyncio.to_thread(smtp.sendmail, "noreply@example.com", [to], message)


def send_mail(to, subject, body):
    """Sync shim kept by awaitify: runs `async_send_mail` to completion."""
    return run_sync(async_send_mail(to, subject, body))


def format_subject(event):
    """Look-alike: pure formatting helper."""
    return f"[alert] {event}"
