"""Health checks for upstream services."""
from _awaitify_runtime import run_sync
from http_client import HttpClient


async def async_check_health(base):
    """Return True when the upstream /health endpoint answers "ok"."""
    client = HttpClient(base)
    body = await client.async_fetch("/health")
    return body.strip() == "ok"


def check_health(base):
    """Sync shim kept by awaitify: runs `async_check_health` to completion."""
    return run_sync(async_check_health(base))


def health_url(base):
    """Look-alike: same local type, pure method."""
    client = HttpClient(base)
    return client.url("/health")


def fetch_label(fetcher):
    """Look-alike: an unrelated object with a fetch method of unknown type."""
    return fetcher.fetch()
