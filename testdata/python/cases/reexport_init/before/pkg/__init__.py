"""Public API of the weather package."""
from .core import fetch, units

__all__ = ["fetch", "units"]
