import os
import socket


class FileStore:
    def exists(self, key):
        return os.path.exists(key)

    async def aexists(self, key):
        # The humans' twin delegates to the sync version.
        return self.exists(key)

    def describe(self, key):
        return f"{key}: {self.exists(key)}"


def sendall(sock: socket.socket, data):
    sock.sendall(data)


async def async_sendall(sock: socket.socket, data):
    sock.sendall(data)


def publish(store: FileStore, sock: socket.socket, key):
    if store.exists(key):
        sendall(sock, key.encode())
