"""Git repository metadata."""
import asyncio
from _awaitify_runtime import run_sync
import subprocess


class Repo:
    """A git working copy."""

    def __init__(self, path="."):
        self.path = path

    async def async_load(self):
        """Return the current HEAD commit hash."""
        out = await asyncio.to_thread(subprocess.run,
            ["git", "-C", self.path, "rev-parse", "HEAD"],
            capture_output=True, text=True, check=True,
        )
        return out.stdout.strip()

    def load(self):
        """Sync shim kept by awaitify: runs `async_load` to completion."""
        return run_sync(Repo.async_load(self))

    def describe(self):
        """Look-alike pure method."""
        return f"repo at {self.path}"


def make_repo(path=".") -> Repo:
    """Factory used by the CLI."""
    return Repo(path)


async def async_current_commit():
    return await Repo().async_load()


def current_commit():
    """Sync shim kept by awaitify: runs `async_current_commit` to completion."""
    return run_sync(async_current_commit())


async def async_commit_of(path):
    return await make_repo(path).async_load()


def commit_of(path):
    """Sync shim kept by awaitify: runs `async_commit_of` to completion."""
    return run_sync(async_commit_of(path))


def label(path):
    """Look-alike: the same chains on a pure method."""
    return Repo(path).describe() + " / " + make_repo(path).describe()
