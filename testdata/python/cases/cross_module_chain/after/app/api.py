"""HTTP-facing handlers."""
from app._awaitify_runtime import run_sync
from app.service import describe_table, get_user, async_get_user


async def async_handle_get_user(request):
    """GET /users/<id>"""
    user = await async_get_user(request["id"])
    return {"status": 200, "body": user}


def handle_get_user(request):
    """Sync shim kept by awaitify: runs `async_handle_get_user` to completion."""
    return run_sync(async_handle_get_user(request))


def handle_meta(request):
    """Look-alike handler that never blocks."""
    return {"status": 200, "body": describe_table()}
