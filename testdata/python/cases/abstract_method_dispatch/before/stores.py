from abc import ABC, abstractmethod


class Store(ABC):
    @abstractmethod
    def read(self):
        """Return the stored text."""
        raise NotImplementedError

    def first_line(self):
        return self.read().splitlines()[0]


class FileStore(Store):
    def __init__(self, path):
        self.path = path

    def read(self):
        with open(self.path) as f:
            return f.read()
