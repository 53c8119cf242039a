import os
import sys
import tempfile


class _Buffer:
    def __init__(self, mode="w+b"):
        self.parts = []


SpoolFile = _Buffer if os.name == "nt" else tempfile.TemporaryFile


class Output:
    def __init__(self, out=None):
        self._out = out or open(os.devnull, "w")

    def write(self, s):
        self._out.write(s)


def spooled():
    return SpoolFile(mode="w+")


def emit(s):
    Output().write(s)
