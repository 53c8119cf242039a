import sqlite3


class Store:
    def __init__(self, path=":memory:"):
        self.conn = sqlite3.connect(path)
        self.conn.execute("CREATE TABLE IF NOT EXISTS kv (k TEXT, v TEXT)")

    def put(self, k, v):
        self.conn.execute("INSERT INTO kv VALUES (?, ?)", (k, v))
        self.conn.commit()

    def get(self, k):
        return self.conn.execute("SELECT v FROM kv WHERE k = ?", (k,)).fetchone()[0]


class WideStore(Store):
    """A connect call written one argument per line, with a trailing comma."""

    def __init__(self, path=":memory:"):
        self.conn = sqlite3.connect(
            path,
            isolation_level=None,
        )
        self.conn.execute("CREATE TABLE IF NOT EXISTS kv (k TEXT, v TEXT)")
