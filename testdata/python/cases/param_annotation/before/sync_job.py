"""Synchronise remote records into the local store."""
from __future__ import annotations

import json
import urllib.request


class Client:
    """Remote records API."""

    def __init__(self, url):
        self.url = url

    def list_records(self):
        """Download all remote records."""
        with urllib.request.urlopen(self.url, timeout=10) as resp:
            return json.load(resp)

    def endpoint(self):
        """Look-alike pure method."""
        return self.url


class Store:
    """Local JSON-lines file of records."""

    def __init__(self, path):
        self.path = path

    def append(self, record):
        """Append one record to the file."""
        with open(self.path, "a", encoding="utf-8") as fh:
            fh.write(json.dumps(record) + "\n")


def sync_all(client: Client, store: "Store") -> int:
    """Copy every remote record into the store; return how many."""
    records = client.list_records()
    for record in records:
        store.append(record)
    return len(records)


def describe(client: Client) -> str:
    """Look-alike: annotated parameter, pure method."""
    return f"syncing from {client.endpoint()}"
