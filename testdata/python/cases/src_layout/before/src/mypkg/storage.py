"""Persist reports on disk."""
import json
import os

REPORT_DIR = os.environ.get("REPORT_DIR", "/var/lib/reports")


def save_report(name, payload):
    """Write a report as JSON and return its path."""
    path = os.path.join(REPORT_DIR, f"{name}.json")
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(payload, fh)
    return path


def report_filename(name):
    """Look-alike: builds a name, touches no disk."""
    return f"{name}.json"
