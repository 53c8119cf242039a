"""Ingest pipeline using a fully dotted module import."""
from app._awaitify_runtime import run_sync
import app.storage


async def async_ingest(x: bytes) -> str:
    """Store raw bytes via the dotted module path."""
    return await app.storage.async_save(x)


def ingest(x: bytes) -> str:
    """Sync shim kept by awaitify: runs `async_ingest` to completion."""
    return run_sync(async_ingest(x))


def dry_run(x: bytes) -> str:
    """Look-alike through the same dotted path."""
    return app.storage.address(x)
