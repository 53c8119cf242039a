"""A temporary file that can be reopened: a class of our own on Windows, the standard
library's elsewhere (one name, two candidates)."""
import os
import tempfile

if os.name == "nt":

    class TemporaryFile:
        def __init__(self, mode="w+b"):
            fd, self.name = tempfile.mkstemp()
            self.file = os.fdopen(fd, mode)

        def __enter__(self):
            return self.file

        def __exit__(self, *exc):
            self.file.close()
            os.unlink(self.name)

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
