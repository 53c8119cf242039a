import asyncio
from prefs._awaitify_runtime import run_sync
import json


class Preferences:
    def __init__(self, path):
        self.path = path
        self._theme = "light"

    @property
    def theme(self):
        return self._theme

    @theme.setter
    def theme(self, value):
        self._set_theme(self._normalize(value))

    def _set_theme(self, value):
        self._theme = value
        with open(self.path, "w") as fh:
            json.dump({"theme": value}, fh)

    async def async_set_theme(self, value):
        self._theme = value
        with await asyncio.to_thread(open, self.path, "w") as fh:
            await asyncio.to_thread(json.dump, {"theme": value}, fh)

    def set_theme(self, value):
        """Sync shim kept by awaitify: runs `async_set_theme` to completion."""
        return run_sync(Preferences.async_set_theme(self, value))

    def _normalize(self, value):
        """Look-alike private helper: pure, called from the setter too."""
        return value.strip().lower()
