import asyncio
from loaders._awaitify_runtime import run_sync
import json


class JsonMixin:
    async def async_load(self):
        return json.loads(await self._async_read_file())

    def load(self):
        """Sync shim kept by awaitify: runs `async_load` to completion."""
        return run_sync(JsonMixin.async_load(self))

    def dump_name(self):
        """Look-alike: mixin method that never reaches _read_file."""
        return type(self).__name__.lower()


class DiskLoader(JsonMixin):
    def __init__(self, path):
        self.path = path

    async def _async_read_file(self):
        with await asyncio.to_thread(open, self.path) as fh:
            return await asyncio.to_thread(fh.read)


class MemoryLoader(JsonMixin):
    def __init__(self, text):
        self.text = text

    async def _async_read_file(self):
        return self.text
