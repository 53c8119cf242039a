import socket
import time


class Transport:
    def __init__(self, host):
        self.host = host

    def send(self, payload):
        with socket.create_connection((self.host, 7000)) as sock:
            sock.sendall(payload)

    def encode(self, payload):
        """Look-alike: no I/O."""
        return payload.encode()


class Session:
    def fetch(self, path):
        time.sleep(0.05)
        return path
