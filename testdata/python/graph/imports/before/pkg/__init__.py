"""Package whose modules import each other every way Python allows."""
