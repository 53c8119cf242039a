"""Shared utilities."""
import time


def retry(attempt, base_delay=0.5):
    """Sleep before the given retry attempt (exponential backoff)."""
    time.sleep(base_delay * 2 ** attempt)


def clamp(value, low, high):
    """Look-alike: pure helper in the same module."""
    return max(low, min(value, high))
