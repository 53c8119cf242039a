"""Shared client behaviour."""
import requests


class BaseClient:
    """Base for all API clients."""

    base_url = "https://api.example.com"

    def get_json(self, path):
        """GET a path relative to base_url and decode JSON."""
        resp = requests.get(self.base_url + path, timeout=10)
        resp.raise_for_status()
        return resp.json()

    def url_for(self, path):
        """Look-alike inherited method that does no I/O."""
        return self.base_url + path
