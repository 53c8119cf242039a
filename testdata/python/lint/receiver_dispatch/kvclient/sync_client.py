import socket

from kvclient.commands import CoreCommands, FileMixin


class Client(CoreCommands, FileMixin):
    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock

    def execute_command(self, *args):
        self.sock.sendall(" ".join(args).encode())
        return self.sock.recv(1024)

    def load(self, path):
        return self._read_file(path)
