"""JSON file cache with an optional fast decoder."""
try:
    import simplejson as json
except ImportError:  # pragma: no cover - depends on environment
    import json

CACHE_PATH = "/tmp/app-cache.json"


def decode(text):
    """Look-alike: json.loads is pure whichever module we got."""
    return json.loads(text)


def read_cache(path=CACHE_PATH):
    """Load the cache file (blocking open)."""
    with open(path, encoding="utf-8") as fh:
        return decode(fh.read())


def wait_for_cache(path=CACHE_PATH, attempts=5):
    """Poll until the cache file can be read."""
    import time  # imported lazily to keep start-up fast

    for _ in range(attempts):
        try:
            return read_cache(path)
        except FileNotFoundError:
            time.sleep(0.5)
    return {}
