"""Recursive fetching and directory walking."""
import os
import time

import requests


def fetch_with_retry(url, attempt=0, max_attempts=4):
    """GET url, retrying itself with exponential backoff."""
    try:
        return requests.get(url, timeout=5).text
    except requests.RequestException:
        if attempt + 1 >= max_attempts:
            raise
        time.sleep(2 ** attempt)
        return fetch_with_retry(url, attempt + 1, max_attempts)


def scan_dir(path):
    """Total bytes under a directory (mutually recursive with scan_entry)."""
    total = 0
    for name in os.listdir(path):
        total += scan_entry(os.path.join(path, name))
    return total


def scan_entry(path):
    """Size of one entry; recurses back into scan_dir for directories."""
    if os.path.isdir(path):
        return scan_dir(path)
    return os.path.getsize(path)


def factorial(n):
    """Look-alike recursion with no I/O."""
    return 1 if n <= 1 else n * factorial(n - 1)
