"""Minimal urllib-based HTTP client."""
import urllib.request


class HttpClient:
    """GETs paths relative to a base URL."""

    def __init__(self, base):
        self.base = base.rstrip("/")

    def fetch(self, path="/"):
        """Return the decoded body of base + path."""
        with urllib.request.urlopen(self.base + path, timeout=10) as resp:
            return resp.read().decode("utf-8")

    def url(self, path="/"):
        """Look-alike method: string building only."""
        return self.base + path
