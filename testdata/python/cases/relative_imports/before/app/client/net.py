"""Network helpers for the client."""
import urllib.request


def download(url):
    """Download a remote manifest."""
    with urllib.request.urlopen(url, timeout=10) as resp:
        return resp.read().decode("utf-8")


def manifest_url(host):
    """Look-alike: URL building only."""
    return f"https://{host}/manifest.txt"
