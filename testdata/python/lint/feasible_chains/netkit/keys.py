"""A base method whose override blocks, called next to a branch the arguments rule out."""
import socket
import time


class Key:
    def sign(self, data):
        return data


class HardwareKey(Key):
    def sign(self, data):
        # Waits for a touch on the device.
        time.sleep(0.5)
        return data


def make_certificate(key: Key, data, bad_signature=False):
    if bad_signature:
        return b""
    return key.sign(data)


def make_header(key: Key, data, comment=None):
    # The untaken branch holds a call; the signing call after it runs anyway.
    if comment:
        print(comment)
    return key.sign(data)


class Options:
    def __init__(self, options=None):
        if options:
            print(options)
        self.prepare()

    def prepare(self):
        pass


class ServerOptions(Options):
    def prepare(self):
        self.host = socket.getfqdn()
