"""Minimal template loader."""
import os


class TemplateLoader:
    """Loads and renders templates from a directory."""

    def __init__(self, root):
        self.root = root

    def _read(self, name):
        """Read a template file from disk."""
        return open(os.path.join(self.root, name), encoding="utf-8").read()

    def render(self, name, **context):
        """Render a template with str.format."""
        source = self._read(name)
        # Simple substitution, no escaping.
        return source.format(**context)

    def _path(self, name):
        """Look-alike private helper: path join only."""
        return os.path.join(self.root, name)

    def describe(self, name):
        """Look-alike public method calling a pure self helper."""
        return f"template at {self._path(name)}"
