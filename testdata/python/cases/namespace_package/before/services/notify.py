"""Notification fan-out."""
from services.mailer import format_subject, send_mail
import services.audit


def notify_user(user, event):
    """Email the user about an event and record it."""
    send_mail(user["email"], format_subject(event), f"Hello {user['name']}")
    services.audit.record(user["id"], event)


def preview(event):
    """Look-alike: only formats, sends nothing."""
    return format_subject(event)
