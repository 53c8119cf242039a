"""Settings loader."""
from pkg._awaitify_runtime import run_sync
from pkg.io_utils import *  # noqa: F403


async def async_load_settings(path):
    """Read the settings file, keeping a backup first."""
    await async_backup(path)
    raw = strip_bom(await async_read_text(path))
    return dict(line.split("=", 1) for line in raw.splitlines() if "=" in line)


def load_settings(path):
    """Sync shim kept by awaitify: runs `async_load_settings` to completion."""
    return run_sync(async_load_settings(path))


def clean(text):
    """Look-alike: only uses the pure helper."""
    return strip_bom(text).strip()
