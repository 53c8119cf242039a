import psycopg2


def connect(dsn):
    return psycopg2.connect(dsn)
