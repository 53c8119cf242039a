"""The user-facing service: combines HTTP, the disk cache, a clock and a shell."""

import urllib.parse

import weather.clock as clock
from weather import shell
from weather.store import Store, load_json, write_note

from .http import get_json


class WeatherService:
    """Fetches city weather from ``base_url`` and caches it in ``cache_dir``."""

    def __init__(self, base_url, cache_dir):
        self.base_url = base_url.rstrip("/")
        self.store = Store(cache_dir)
        self.fetch_count = 0  # number of real HTTP requests made

    def _url(self, city):
        # Pure helper: builds ``<base>/city/<name>``.
        return "%s/city/%s" % (self.base_url, urllib.parse.quote(city))

    def _fetch(self, city):
        # Private helper that does the network round trip.
        self.fetch_count += 1
        return get_json(self._url(city), timeout=5.0, retries=1)

    def current(self, city):
        """Return the weather dict for ``city``, served from the cache if present."""
        cached = self.store.load(city)
        if cached is not None:
            return cached
        data = self._fetch(city)
        self.store.save(city, data)
        return data

    def refresh(self, city):
        """Always re-fetch ``city`` and overwrite its cache entry."""
        data = self._fetch(city)
        self.store.save(city, data)
        return data

    def temperature(self, city):
        """Current temperature for ``city`` (goes through :meth:`current`)."""
        return self.current(city)["temp"]

    def format_report(self, city):
        """One human-readable line, e.g. ``'Oslo: 14 C'``."""
        return "%s: %d C" % (city, self.temperature(city))

    def slow_report(self, city, delay=0.2):
        """Pretend to do expensive work, then return a fixed message."""
        clock.pause(delay)
        return "%s: report ready" % city

    def write_summary(self, cities, path):
        """Write one report line per city to ``path`` and return the text."""
        text = "\n".join(report_many(self, cities)) + "\n"
        write_note(path, text)
        return text

    def interpreter_version(self):
        """Version of the Python used for helper subprocesses."""
        return shell.python_version()


def report_many(service, cities):
    """Build a report line for every city, one request at a time."""
    lines = []
    for city in cities:
        lines.append(service.format_report(city))
    return lines


def load_snapshot(path):
    """Load a JSON snapshot saved by the store, or ``{}`` if it is missing."""
    return load_json(path, default={})
