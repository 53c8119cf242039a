"""File helpers for the client."""


def load(path):
    """Read a local manifest file."""
    with open(path, encoding="utf-8") as fh:
        return fh.read()


def normalise(name):
    """Look-alike: pure string helper."""
    return name.strip().lower()
