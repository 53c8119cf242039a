"""Pluggable key/value stores."""
import sqlite3


class BaseStore:
    """Interface for stores; the base returns an empty snapshot."""

    def load(self):
        """Return all stored items."""
        return {}

    def name(self):
        """Look-alike: not overridden by any blocking subclass."""
        return type(self).__name__


class SqliteStore(BaseStore):
    """Reads items from a SQLite table."""

    def __init__(self, path):
        self.path = path

    def load(self):
        conn = sqlite3.connect(self.path)
        try:
            return dict(conn.execute("SELECT key, value FROM items").fetchall())
        finally:
            conn.close()


class MemoryStore(BaseStore):
    """Pure in-memory store; its load must still become async."""

    def __init__(self, items):
        self.items = items

    def load(self):
        # No I/O here, but it overrides BaseStore.load.
        return dict(self.items)


def use(store: BaseStore):
    """Called through the base type: could be any subclass."""
    return store.load()


def label(store: BaseStore):
    """Look-alike: name() is pure in every class."""
    return store.name()
