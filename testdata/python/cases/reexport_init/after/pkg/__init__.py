"""Public API of the weather package."""
from .core import fetch, async_fetch, units

__all__ = ["fetch", "async_fetch", "units"]
