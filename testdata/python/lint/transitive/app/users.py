from app.db import connect


def load_user(uid):
    conn = connect("dbname=app")
    return conn, uid


def pure(uid):
    return uid * 2
