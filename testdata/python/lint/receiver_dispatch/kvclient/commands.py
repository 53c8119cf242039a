"""Commands shared by the sync and the asyncio client: plain methods that return what
`execute_command` returns (a reply, or a coroutine in the asyncio client)."""


class CoreCommands:
    def get(self, key):
        return self.execute_command("GET", key)

    def set(self, key, value):
        return self.execute_command("SET", key, value)

    def get_or_default(self, key, default):
        reply = self.get(key)
        return default if reply is None else reply


class FileMixin:
    def _read_file(self, path):
        with open(path) as f:
            return f.read()


class AsyncFileMixin:
    async def _read_file(self, path):
        return path


async def ensure_async(value):
    """Await `value` if it is awaitable (jupyter_core's helper of the same name)."""
    if hasattr(value, "__await__"):
        return await value
    return value


class SyncExists:
    def exists(self, path):
        with open(path):
            return True


class AsyncBase:
    async def exists(self, path):
        return True

    async def touch(self, path):
        # In MixedStore this runs SyncExists.exists: reported, though the method called
        # on this class is async (the subclass's MRO picks the sync one first).
        return await ensure_async(self.exists(path))


class MixedStore(SyncExists, AsyncBase):
    pass
