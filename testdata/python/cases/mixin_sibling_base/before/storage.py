import os


class HashMixin:
    def hashed(self, name):
        # `exists` is no method of the mixin: the classes it is mixed into have it,
        # here through another base.
        if not self.exists(name):
            raise ValueError(name)
        return name.upper()


class FileStorage:
    def exists(self, name):
        return os.path.exists(name)


class StaticStorage(HashMixin, FileStorage):
    pass


def build(names):
    s = StaticStorage()
    return [s.hashed(n) for n in names]
