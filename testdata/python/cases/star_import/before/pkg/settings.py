"""Settings loader."""
from pkg.io_utils import *  # noqa: F403


def load_settings(path):
    """Read the settings file, keeping a backup first."""
    backup(path)
    raw = strip_bom(read_text(path))
    return dict(line.split("=", 1) for line in raw.splitlines() if "=" in line)


def clean(text):
    """Look-alike: only uses the pure helper."""
    return strip_bom(text).strip()
