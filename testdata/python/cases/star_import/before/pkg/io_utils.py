"""Grab-bag of I/O helpers (historically star-imported)."""
import shutil


def read_text(path):
    """Return the contents of a text file."""
    with open(path, encoding="utf-8") as fh:
        return fh.read()


def backup(path):
    """Copy a file next to itself with a .bak suffix."""
    shutil.copy(path, path + ".bak")


def strip_bom(text):
    """Look-alike: pure helper exported by the same star import."""
    return text.lstrip("\ufeff")
