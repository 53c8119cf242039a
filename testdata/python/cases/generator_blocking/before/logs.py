"""Scan application log files."""


def read_lines(path):
    """Yield stripped lines from a log file."""
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            yield line.rstrip("\n")


def count_errors(path):
    """Count lines mentioning ERROR."""
    errors = 0
    for line in read_lines(path):
        if "ERROR" in line:
            errors += 1
    return errors


def all_lines(path):
    """Materialise every line of the file."""
    return list(read_lines(path))


def numbered(lines):
    """Look-alike generator over in-memory data."""
    for i, line in enumerate(lines, 1):
        yield f"{i}: {line}"


def render(lines):
    """Look-alike consumer of the pure generator."""
    return list(numbered(lines))
