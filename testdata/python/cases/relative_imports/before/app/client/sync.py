"""Compare a local manifest with the remote one."""
from . import net
from ..util import clamp, retry
from .helpers import load as load_file
from .helpers import normalise


def local_manifest(path):
    """Local copy, read from disk."""
    return load_file(path)


def remote_manifest(url, attempts=3):
    """Remote copy, retried on network errors."""
    for attempt in range(clamp(attempts, 1, 5)):
        try:
            return net.download(url)
        except OSError:
            # Back off before the next try.
            retry(attempt)
    raise RuntimeError(f"could not download {url}")


def manifests_differ(path, url):
    """True when the local manifest is out of date."""
    # Compare after normalising whitespace and case.
    return normalise(local_manifest(path)) != normalise(remote_manifest(url))


def manifest_key(name):
    """Look-alike: only pure helpers reached through relative imports."""
    return normalise(name)
