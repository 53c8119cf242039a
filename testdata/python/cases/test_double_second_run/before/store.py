class Store:
    def __init__(self, path):
        self.path = path

    def read(self):
        with open(self.path) as f:
            return f.read()


def first_line(store):
    return store.read().splitlines()[0]
