"""Download files over HTTP."""
import requests

__all__ = ["fetch"]

CHUNK = 64 * 1024


def _download(url):
    """Stream a URL into memory (private helper)."""
    resp = requests.get(url, stream=True, timeout=30)
    resp.raise_for_status()
    return b"".join(resp.iter_content(CHUNK))


def fetch(url):
    """Public API: download a URL and return its bytes."""
    # All callers go through here.
    return _download(url)


def _chunk_count(size):
    """Look-alike private helper that does no I/O."""
    return -(-size // CHUNK)
