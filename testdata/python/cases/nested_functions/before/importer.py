"""Import CSV files into a list of rows."""
import atexit
import csv
import time


def import_all(paths):
    """Read every CSV file and return all rows."""

    def read_one(path):
        # Inner helper doing the blocking read.
        with open(path, newline="", encoding="utf-8") as fh:
            return list(csv.reader(fh))

    rows = []
    for path in paths:
        rows.extend(read_one(path))
    return rows


def register_flush(buffer, path):
    """Flush the buffer to disk at interpreter exit."""

    def flush():
        # Called by atexit, which cannot await.
        time.sleep(0.1)
        with open(path, "w", encoding="utf-8") as fh:
            fh.writelines(buffer)

    atexit.register(flush)
    return flush


def count_columns(rows):
    """Look-alike with a pure nested helper."""

    def width(row):
        return len(row)

    return max((width(r) for r in rows), default=0)
