"""Git repository metadata."""
import subprocess


class Repo:
    """A git working copy."""

    def __init__(self, path="."):
        self.path = path

    def load(self):
        """Return the current HEAD commit hash."""
        out = subprocess.run(
            ["git", "-C", self.path, "rev-parse", "HEAD"],
            capture_output=True, text=True, check=True,
        )
        return out.stdout.strip()

    def describe(self):
        """Look-alike pure method."""
        return f"repo at {self.path}"


def make_repo(path=".") -> Repo:
    """Factory used by the CLI."""
    return Repo(path)


def current_commit():
    return Repo().load()


def commit_of(path):
    return make_repo(path).load()


def label(path):
    """Look-alike: the same chains on a pure method."""
    return Repo(path).describe() + " / " + make_repo(path).describe()
