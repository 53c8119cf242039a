"""Network helpers for the client."""
import asyncio
from app._awaitify_runtime import run_sync
import urllib.request


async def async_download(url):
    """Download a remote manifest."""
    with await asyncio.to_thread(urllib.request.urlopen, url, timeout=10) as resp:
        return (await asyncio.to_thread(resp.read)).decode("utf-8")


def download(url):
    """Sync shim kept by awaitify: runs `async_download` to completion."""
    return run_sync(async_download(url))


def manifest_url(host):
    """Look-alike: URL building only."""
    return f"https://{host}/manifest.txt"
