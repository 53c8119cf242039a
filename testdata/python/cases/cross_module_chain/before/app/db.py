"""Thin wrapper over the user HTTP backend."""
import requests

BASE_URL = "https://users.internal.example.com"


def fetch_row(user_id):
    """Fetch the raw user record."""
    resp = requests.get(f"{BASE_URL}/users/{user_id}", timeout=5)
    resp.raise_for_status()
    return resp.json()


def table_name():
    """Look-alike: pure function in the same module."""
    return "users"
