"""A JSON file cache: one ``<key>.json`` file per entry in a cache directory."""

import json
import os
from pathlib import Path


def save_json(path, data):
    """Write ``data`` as JSON to ``path``, creating parent directories."""
    parent = os.path.dirname(path)
    if parent:
        os.makedirs(parent, exist_ok=True)
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(data, fh, sort_keys=True)


def load_json(path, default=None):
    """Read JSON from ``path``; return ``default`` if the file does not exist."""
    if not os.path.exists(path):
        return default
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


def write_note(path, text):
    """Write a plain-text note (pathlib flavour of file I/O)."""
    Path(path).write_text(text, encoding="utf-8")


def read_note(path):
    """Read back a note written by :func:`write_note`."""
    return Path(path).read_text(encoding="utf-8")


class Store:
    """Key/value cache on disk; keys are city names."""

    def __init__(self, cache_dir):
        # No I/O here: the directory is created lazily by save_json.
        self.cache_dir = str(cache_dir)

    def path_for(self, key):
        # Pure helper: no I/O, so it should stay synchronous.
        return os.path.join(self.cache_dir, key.lower() + ".json")

    def load(self, key):
        return load_json(self.path_for(key))

    def save(self, key, data):
        save_json(self.path_for(key), data)
