from store.client import Client


def summary(keys):
    # Built here and only called: migrated code builds the async client instead.
    client = Client("main")
    first = client.fetch(keys[0])
    rest = client.fetch_all(keys[1:])
    return [first, *rest]


def one(key):
    return Client("direct").fetch(key)
