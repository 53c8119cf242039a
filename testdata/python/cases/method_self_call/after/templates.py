"""Minimal template loader."""
import asyncio
from _awaitify_runtime import run_sync
import os


class TemplateLoader:
    """Loads and renders templates from a directory."""

    def __init__(self, root):
        self.root = root

    async def _async_read(self, name):
        """Read a template file from disk."""
        return await asyncio.to_thread((await asyncio.to_thread(open, os.path.join(self.root, name), encoding="utf-8")).read)

    async def async_render(self, name, **context):
        """Render a template with str.format."""
        source = await self._async_read(name)
        # Simple substitution, no escaping.
        return source.format(**context)

    def render(self, name, **context):
        """Sync shim kept by awaitify: runs `async_render` to completion."""
        return run_sync(TemplateLoader.async_render(self, name, **context))

    def _path(self, name):
        """Look-alike private helper: path join only."""
        return os.path.join(self.root, name)

    def describe(self, name):
        """Look-alike public method calling a pure self helper."""
        return f"template at {self._path(name)}"
