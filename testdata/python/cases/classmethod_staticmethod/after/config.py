"""Application configuration object."""
import asyncio
from _awaitify_runtime import run_sync
import json


class Config:
    """Key/value configuration loaded from JSON files."""

    DEFAULT_PATH = "/etc/app/config.json"

    def __init__(self, values):
        self.values = values

    @staticmethod
    async def async_parse_file(path):
        """Read and decode one JSON file."""
        with await asyncio.to_thread(open, path, encoding="utf-8") as fh:
            return await asyncio.to_thread(json.load, fh)

    @staticmethod
    def parse_file(path):
        """Sync shim kept by awaitify: runs `async_parse_file` to completion."""
        return run_sync(Config.async_parse_file(path))

    @classmethod
    async def async_load(cls, path=None):
        """Build a Config from a file (default path if omitted)."""
        return cls(await Config.async_parse_file(path or cls.DEFAULT_PATH))

    @classmethod
    def load(cls, path=None):
        """Sync shim kept by awaitify: runs `async_load` to completion."""
        return run_sync(Config.async_load.__func__(cls, path))

    @classmethod
    async def async_load_default(cls):
        """Shortcut used by the CLI."""
        return await cls.async_load()

    @classmethod
    def load_default(cls):
        """Sync shim kept by awaitify: runs `async_load_default` to completion."""
        return run_sync(Config.async_load_default.__func__(cls))

    @classmethod
    def empty(cls):
        """Look-alike classmethod that never touches disk."""
        return cls({})

    @staticmethod
    def merge(a, b):
        """Look-alike staticmethod: pure dict merge."""
        return {**a, **b}
