from rpc._awaitify_runtime import run_sync
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

    async def async_fetch(self, path):
        await self.transport.async_send(path)
        return await self.session.async_fetch(path)

    def fetch(self, path):
        """Sync shim kept by awaitify: runs `async_fetch` to completion."""
        return run_sync(Client.async_fetch(self, path))

    async def async_run(self, cmd):
        return await self.new_session().async_fetch(cmd)

    def run(self, cmd):
        """Sync shim kept by awaitify: runs `async_run` to completion."""
        return run_sync(Client.async_run(self, cmd))

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

    async def async_save(self):
        return await self._table.db.client.async_run("save")

    def save(self):
        """Sync shim kept by awaitify: runs `async_save` to completion."""
        return run_sync(Model.async_save(self))


async def async_sync_all(client: Client):
    client = client.options(retries=1)
    return await client.async_fetch("/all")


def sync_all(client: Client):
    """Sync shim kept by awaitify: runs `async_sync_all` to completion."""
    return run_sync(async_sync_all(client))
