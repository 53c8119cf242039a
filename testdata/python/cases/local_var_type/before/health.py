"""Health checks for upstream services."""
from http_client import HttpClient


def check_health(base):
    """Return True when the upstream /health endpoint answers "ok"."""
    client = HttpClient(base)
    body = client.fetch("/health")
    return body.strip() == "ok"


def health_url(base):
    """Look-alike: same local type, pure method."""
    client = HttpClient(base)
    return client.url("/health")


def fetch_label(fetcher):
    """Look-alike: an unrelated object with a fetch method of unknown type."""
    return fetcher.fetch()
