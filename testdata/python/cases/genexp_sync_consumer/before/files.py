"""Aggregate information about a list of files."""
import os


def size(path):
    """Size of a file in bytes."""
    return os.path.getsize(path)


def exists(path):
    """True when the path exists."""
    return os.path.exists(path)


def read(path):
    """Whole text of a file."""
    with open(path, encoding="utf-8") as fh:
        return fh.read()


def total_size(paths):
    return sum(size(p) for p in paths)


def any_exists(paths):
    return any(exists(p) for p in paths)


def concatenate(paths):
    return "".join(read(p) for p in paths)


def first_lines(paths):
    """Materialise a named generator expression."""
    lines = (read(p).splitlines()[0] for p in paths)
    return list(lines)


def name_lengths(paths):
    """Look-alike: genexp over a pure call."""
    return sum(len(os.path.basename(p)) for p in paths)
