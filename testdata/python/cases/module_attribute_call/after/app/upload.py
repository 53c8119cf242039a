"""Upload handler using `from package import module`."""
from app._awaitify_runtime import run_sync
from app import storage


async def async_handle_upload(x: bytes) -> dict:
    """Store an uploaded body."""
    # Empty uploads are rejected before touching disk.
    if not x:
        return {"error": "empty"}
    return {"id": await storage.async_save(x)}


def handle_upload(x: bytes) -> dict:
    """Sync shim kept by awaitify: runs `async_handle_upload` to completion."""
    return run_sync(async_handle_upload(x))


def preview_id(x: bytes) -> str:
    """Look-alike: pure function on the same module object."""
    return storage.address(x)
