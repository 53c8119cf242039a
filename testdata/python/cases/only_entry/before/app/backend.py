"""Backend calls shared by handlers."""
import requests

API = "https://backend.example.com"


def load_user(user_id):
    """Fetch one user."""
    return requests.get(f"{API}/users/{user_id}", timeout=5).json()


def load_orders(user_id):
    """Fetch a user's orders."""
    return requests.get(f"{API}/users/{user_id}/orders", timeout=5).json()
