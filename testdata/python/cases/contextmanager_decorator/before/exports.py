"""CSV export helpers, decorated via `from contextlib import contextmanager`."""
from contextlib import contextmanager


@contextmanager
def open_export(path):
    """Open an export file and write the CSV header."""
    with open(path, "w", encoding="utf-8", newline="") as fh:
        fh.write("id,name\n")
        yield fh


def export_users(path, users):
    """Write all users as CSV rows."""
    with open_export(path) as out:
        for user in users:
            # One row per user.
            out.write(f"{user['id']},{user['name']}\n")


@contextmanager
def tagged(tag):
    """Look-alike: pure context manager."""
    yield f"<{tag}>"
