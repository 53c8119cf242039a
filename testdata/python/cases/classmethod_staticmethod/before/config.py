"""Application configuration object."""
import json


class Config:
    """Key/value configuration loaded from JSON files."""

    DEFAULT_PATH = "/etc/app/config.json"

    def __init__(self, values):
        self.values = values

    @staticmethod
    def parse_file(path):
        """Read and decode one JSON file."""
        with open(path, encoding="utf-8") as fh:
            return json.load(fh)

    @classmethod
    def load(cls, path=None):
        """Build a Config from a file (default path if omitted)."""
        return cls(Config.parse_file(path or cls.DEFAULT_PATH))

    @classmethod
    def load_default(cls):
        """Shortcut used by the CLI."""
        return cls.load()

    @classmethod
    def empty(cls):
        """Look-alike classmethod that never touches disk."""
        return cls({})

    @staticmethod
    def merge(a, b):
        """Look-alike staticmethod: pure dict merge."""
        return {**a, **b}
