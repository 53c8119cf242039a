"""GitHub client built on BaseClient."""
from clients.base import BaseClient


class GitHubClient(BaseClient):
    """Talks to the GitHub REST API."""

    base_url = "https://api.github.com"

    def fetch_repo(self, owner, name):
        """Repository metadata via the inherited helper."""
        return self.get_json(f"/repos/{owner}/{name}")

    def repo_link(self, owner, name):
        """Look-alike: inherited pure method."""
        return self.url_for(f"/repos/{owner}/{name}")


def star_count(owner, name):
    """Call the inherited method directly on a subclass instance."""
    client = GitHubClient()
    data = client.get_json(f"/repos/{owner}/{name}")
    return data["stargazers_count"]
