"""Request handlers."""
from app.backend import load_orders, load_user


def get_user(request):
    """GET /users/<id> (requested for migration)."""
    return {"user": load_user(request["id"])}


def get_orders(request):
    """GET /users/<id>/orders (not requested: stays as is)."""
    return {"orders": load_orders(request["id"])}
