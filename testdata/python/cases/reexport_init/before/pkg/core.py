"""Weather API access."""
import requests

API = "https://api.weather.example.com/v1"


def fetch(city):
    """Current conditions for a city."""
    resp = requests.get(f"{API}/current", params={"q": city}, timeout=5)
    return resp.json()


def units():
    """Look-alike re-export that does no I/O."""
    return "metric"
