import time


def fetch():
    time.sleep(0.01)
    return 1


def show():
    return f"{fetch()=} and {fetch()}"


class Store:
    def load(self):
        time.sleep(0.01)
        return "loaded"

    get = load

    def both(self):
        return self.get(), self.load()
