import json


class JsonMixin:
    def load(self):
        return json.loads(self._read_file())

    def dump_name(self):
        """Look-alike: mixin method that never reaches _read_file."""
        return type(self).__name__.lower()


class DiskLoader(JsonMixin):
    def __init__(self, path):
        self.path = path

    def _read_file(self):
        with open(self.path) as fh:
            return fh.read()


class MemoryLoader(JsonMixin):
    def __init__(self, text):
        self.text = text

    def _read_file(self):
        return self.text
