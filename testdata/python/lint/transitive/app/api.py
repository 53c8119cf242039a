"""AWT201: an async handler reaches psycopg2.connect through two helper modules."""
from app import users


async def handler(uid):
    user = users.load_user(uid)      # AWT201 with the chain
    return user, users.pure(uid)     # pure helper: fine
