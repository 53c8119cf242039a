"""Storage backends, chosen by a dotted path in the settings (as plugins are)."""

import importlib
import time


def load_backend(path, **options):
    module_name, _, class_name = path.rpartition(".")
    cls = getattr(importlib.import_module(module_name), class_name)
    return cls(**options)


class DiskBackend:
    def __init__(self, latency=0.001):
        self.latency = latency
        self.data = {}

    def read(self, key):
        time.sleep(self.latency)  # a disk seek
        return self.data.get(key)

    def write(self, key, value):
        time.sleep(self.latency)
        self.data[key] = value
