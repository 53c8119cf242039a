"""Request handlers."""
from app._awaitify_runtime import run_sync
from app.backend import load_orders, load_user, async_load_user


async def async_get_user(request):
    """GET /users/<id> (requested for migration)."""
    return {"user": await async_load_user(request["id"])}


def get_user(request):
    """Sync shim kept by awaitify: runs `async_get_user` to completion."""
    return run_sync(async_get_user(request))


def get_orders(request):
    """GET /users/<id>/orders (not requested: stays as is)."""
    return {"orders": load_orders(request["id"])}
