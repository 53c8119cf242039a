"""Business logic for users."""
from app._awaitify_runtime import run_sync
from app import db


async def async_get_user(user_id):
    """Return a cleaned-up user dict."""
    row = await db.async_fetch_row(user_id)
    # Never leak the password hash upward.
    row.pop("password_hash", None)
    return row


def get_user(user_id):
    """Sync shim kept by awaitify: runs `async_get_user` to completion."""
    return run_sync(async_get_user(user_id))


def describe_table():
    """Look-alike: calls a pure db helper only."""
    return f"table={db.table_name()}"
