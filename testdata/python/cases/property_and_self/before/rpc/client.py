import functools
from typing import Self

from rpc.transport import Session, Transport


class Client:
    def __init__(self, host):
        self.host = host
        self.opts = {}

    @property
    def transport(self) -> Transport:
        return Transport(self.host)

    @functools.cached_property
    def session(self) -> Session:
        return Session()

    def options(self, **kw) -> Self:
        self.opts.update(kw)
        return self

    def new_session(self):
        return Session()

    def fetch(self, path):
        self.transport.send(path)
        return self.session.fetch(path)

    def run(self, cmd):
        return self.new_session().fetch(cmd)

    def pack(self, payload):
        """Look-alike: goes through the property but only encodes."""
        return self.transport.encode(payload)


class Database:
    def __init__(self, client: Client):
        self.client = client


class Table:
    def __init__(self, db: Database):
        self.db = db


class Model:
    def __init__(self, table: Table):
        self._table = table

    def save(self):
        return self._table.db.client.run("save")


def sync_all(client: Client):
    client = client.options(retries=1)
    return client.fetch("/all")
