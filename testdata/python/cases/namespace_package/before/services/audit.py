"""Append-only audit log."""

AUDIT_LOG = "/var/log/app/audit.log"


def record(user_id, event):
    """Append one audit line."""
    # One line per event, tab separated.
    with open(AUDIT_LOG, "a", encoding="utf-8") as fh:
        fh.write(f"{user_id}\t{event}\n")
