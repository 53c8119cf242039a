"""HTTP-facing handlers."""
from app.service import describe_table, get_user


def handle_get_user(request):
    """GET /users/<id>"""
    user = get_user(request["id"])
    return {"status": 200, "body": user}


def handle_meta(request):
    """Look-alike handler that never blocks."""
    return {"status": 200, "body": describe_table()}
