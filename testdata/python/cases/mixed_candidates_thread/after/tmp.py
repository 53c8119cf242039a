"""A temporary file that can be reopened: a class of our own on Windows, the standard
library's elsewhere (one name, two candidates)."""
import asyncio
from _awaitify_runtime import run_sync
import os
import tempfile

if os.name == "nt":

    class TemporaryFile:
        def __init__(self, mode="w+b"):
            fd, self.name = tempfile.mkstemp()
            self.file = os.fdopen(fd, mode)

        async def __aenter__(self):
            return self.file

        def __enter__(self):
            """Sync shim kept by awaitify: runs `__aenter__` to completion."""
            return run_sync(self.__aenter__())

        async def __aexit__(self, *exc):
            await asyncio.to_thread(self.file.close)
            await asyncio.to_thread(os.unlink, self.name)

        def __exit__(self, *exc):
            """Sync shim kept by awaitify: runs `__aexit__` to completion."""
            return run_sync(self.__aexit__(*exc))

    NamedTemporaryFile = TemporaryFile
else:
    NamedTemporaryFile = tempfile.NamedTemporaryFile


class _Buffer:
    """A stand-in whose `with` does no I/O."""

    def __init__(self, mode="w+b"):
        self.parts = []

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return None


if os.name == "nt":
    SpoolFile = _Buffer
else:
    SpoolFile = tempfile.TemporaryFile
