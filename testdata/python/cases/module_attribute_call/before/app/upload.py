"""Upload handler using `from package import module`."""
from app import storage


def handle_upload(x: bytes) -> dict:
    """Store an uploaded body."""
    # Empty uploads are rejected before touching disk.
    if not x:
        return {"error": "empty"}
    return {"id": storage.save(x)}


def preview_id(x: bytes) -> str:
    """Look-alike: pure function on the same module object."""
    return storage.address(x)
