"""A session-store-like family: one backend blocks on a file, the other reads the ORM.
The family changes together (calls through the base must stay awaitable), and each
member's body uses what fits it: a thread for the file, the ORM's own twin."""

import os

from shop.models import Product


class Store:
    def load(self, key):
        raise NotImplementedError


class FileStore(Store):
    def __init__(self, directory):
        self.directory = directory

    def load(self, key):
        with open(os.path.join(self.directory, key)) as f:
            return f.read()


class DbStore(Store):
    def load(self, key):
        return Product.objects.get(name=key).name


def load_all(stores: list[Store], key):
    return [store.load(key) for store in stores]
