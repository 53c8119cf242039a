"""SMTP mail sending (namespace package module, no __init__.py)."""
import smtplib

SMTP_HOST = "mail.example.com"


def send_mail(to, subject, body):
    """Send one plain-text message."""
    message = f"Subject: {subject}\n\n{body}"
    with smtplib.SMTP(SMTP_HOST, 25, timeout=10) as smtp:
        smtp.sendmail("noreply@example.com", [to], message)


def format_subject(event):
    """Look-alike: pure formatting helper."""
    return f"[alert] {event}"
