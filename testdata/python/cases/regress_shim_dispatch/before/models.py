import time


class A:
    def load(self):
        time.sleep(0.01)
        return "A"

    def _fetch(self):
        time.sleep(0.01)
        return "A._fetch"

    @classmethod
    def create(cls):
        time.sleep(0.01)
        return cls


class B(A):
    def load(self):
        time.sleep(0.01)
        return "B"

    def _fetch(self):
        return "B._fetch"

    @property
    def base_value(self):
        return super().load()

    @classmethod
    def create(cls):
        return super().create()


def explicit(b):
    return A.load(b)


def callbacks(objs):
    return [o._fetch for o in objs]


def make_local():
    class Local:
        @staticmethod
        def ping():
            time.sleep(0.01)
            return "pong"

    return Local
