"""File-based locks, decorated via the contextlib module."""
import contextlib
import os


@contextlib.contextmanager
def lock_file(path):
    """Hold an exclusive lock file for the duration of the block."""
    fh = open(path + ".lock", "x", encoding="utf-8")
    try:
        fh.write(str(os.getpid()))
        yield fh
    finally:
        fh.close()


def rotate_log(path):
    """Rotate a log file while holding its lock."""
    with lock_file(path):
        os.replace(path, path + ".1")


@contextlib.contextmanager
def chdir_noop(path):
    """Look-alike context manager with no blocking work."""
    yield path
