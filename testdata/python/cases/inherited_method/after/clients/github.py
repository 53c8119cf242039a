"""GitHub client built on BaseClient."""
from clients._awaitify_runtime import run_sync
from clients.base import BaseClient


class GitHubClient(BaseClient):
    """Talks to the GitHub REST API."""

    base_url = "https://api.github.com"

    async def async_fetch_repo(self, owner, name):
        """Repository metadata via the inherited helper."""
        return await self.async_get_json(f"/repos/{owner}/{name}")

    def fetch_repo(self, owner, name):
        """Sync shim kept by awaitify: runs `async_fetch_repo` to completion."""
        return run_sync(GitHubClient.async_fetch_repo(self, owner, name))

    def repo_link(self, owner, name):
        """Look-alike: inherited pure method."""
        return self.url_for(f"/repos/{owner}/{name}")


async def async_star_count(owner, name):
    """Call the inherited method directly on a subclass instance."""
    client = GitHubClient()
    data = await client.async_get_json(f"/repos/{owner}/{name}")
    return data["stargazers_count"]


def star_count(owner, name):
    """Sync shim kept by awaitify: runs `async_star_count` to completion."""
    return run_sync(async_star_count(owner, name))
