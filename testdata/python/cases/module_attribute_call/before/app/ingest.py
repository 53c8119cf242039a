"""Ingest pipeline using a fully dotted module import."""
import app.storage


def ingest(x: bytes) -> str:
    """Store raw bytes via the dotted module path."""
    return app.storage.save(x)


def dry_run(x: bytes) -> str:
    """Look-alike through the same dotted path."""
    return app.storage.address(x)
