"""The service reads through whatever backend the settings name: static analysis cannot
tell which class `self.backend` is."""

from store.backends import load_backend

SETTINGS = {"backend": "store.backends.DiskBackend"}


class Service:
    def __init__(self, settings=SETTINGS):
        self.backend = load_backend(settings["backend"])

    def get(self, key, default=None):
        value = self.backend.read(key)
        return default if value is None else value

    def put(self, key, value):
        # Keep the old value for the audit trail.
        old = self.backend.read(key)
        self.backend.write(key, value)
        return old
