"""A manager base with a sync and an async family, used through `ensure_async`."""
import os


async def ensure_async(value):
    if hasattr(value, "__await__"):
        return await value
    return value


class Manager:
    def rename_file(self, old, new):
        raise NotImplementedError

    def rename(self, old, new):
        self.rename_file(old, new)

    def exists(self, path):
        raise NotImplementedError


class FileManager(Manager):
    def rename_file(self, old, new):
        os.rename(old, new)

    def exists(self, path):
        return os.path.exists(path)


class AsyncManager(Manager):
    async def rename_file(self, old, new):
        pass

    async def rename(self, old, new):
        await self.rename_file(old, new)

    async def exists(self, path):
        return True


async def handler(manager: Manager, old, new):
    # Not reported: written for both families; the base's `rename` only reaches a
    # sibling's sync `rename_file` through the abstract one.
    await ensure_async(manager.rename(old, new))


async def file_handler(manager: FileManager, old, new):
    # Reported: the annotation names the sync implementation.
    await ensure_async(manager.rename(old, new))
