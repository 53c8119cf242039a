"""Minimal JSON-over-HTTP client built on urllib."""

import json
import urllib.error
import urllib.request

from weather import clock


def get_text(url, timeout=5.0):
    """GET ``url`` and return the body decoded as UTF-8."""
    with urllib.request.urlopen(url, timeout=timeout) as resp:
        return resp.read().decode("utf-8")


def get_json(url, timeout=5.0, retries=0, backoff=0.1):
    """GET ``url`` and parse the body as JSON.

    Connection errors are retried ``retries`` times, pausing a little longer
    before each attempt. HTTP error statuses (404, 500, ...) are not retried.
    """
    attempt = 0
    while True:
        try:
            return json.loads(get_text(url, timeout=timeout))
        except urllib.error.HTTPError:
            raise
        except urllib.error.URLError:
            if attempt >= retries:
                raise
            attempt += 1
            clock.pause(backoff * attempt)
