"""Business logic for users."""
from app import db


def get_user(user_id):
    """Return a cleaned-up user dict."""
    row = db.fetch_row(user_id)
    # Never leak the password hash upward.
    row.pop("password_hash", None)
    return row


def describe_table():
    """Look-alike: calls a pure db helper only."""
    return f"table={db.table_name()}"
