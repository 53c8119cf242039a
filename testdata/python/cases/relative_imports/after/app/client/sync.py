"""Compare a local manifest with the remote one."""
from app._awaitify_runtime import run_sync
from . import net
from ..util import clamp, retry, async_retry
from .helpers import load as load_file, async_load as async_load_file
from .helpers import normalise


async def async_local_manifest(path):
    """Local copy, read from disk."""
    return await async_load_file(path)


def local_manifest(path):
    """Sync shim kept by awaitify: runs `async_local_manifest` to completion."""
    return run_sync(async_local_manifest(path))


async def async_remote_manifest(url, attempts=3):
    """Remote copy, retried on network errors."""
    for attempt in range(clamp(attempts, 1, 5)):
        try:
            return await net.async_download(url)
        except OSError:
            # Back off before the next try.
            await async_retry(attempt)
    raise RuntimeError(f"could not download {url}")


def remote_manifest(url, attempts=3):
    """Sync shim kept by awaitify: runs `async_remote_manifest` to completion."""
    return run_sync(async_remote_manifest(url, attempts))


async def async_manifests_differ(path, url):
    """True when the local manifest is out of date."""
    # Compare after normalising whitespace and case.
    return normalise(await async_local_manifest(path)) != normalise(await async_remote_manifest(url))


def manifests_differ(path, url):
    """Sync shim kept by awaitify: runs `async_manifests_differ` to completion."""
    return run_sync(async_manifests_differ(path, url))


def manifest_key(name):
    """Look-alike: only pure helpers reached through relative imports."""
    return normalise(name)
