"""CPython rejects a `from __future__` import after other statements; ruff's parser
accepts it. Found by scripts/fuzz: awaitify rewrote it."""
import time

from __future__ import annotations


def wait(seconds: float) -> None:
    time.sleep(seconds)
