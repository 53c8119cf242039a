"""Iterate over messages arriving on a socket."""
import socket


class MessageStream:
    """Yields newline-terminated messages from a connected socket."""

    def __init__(self, sock: socket.socket):
        self.sock = sock
        self.buffer = b""

    def __iter__(self):
        return self

    def __next__(self):
        while b"\n" not in self.buffer:
            chunk = self.sock.recv(1024)
            if not chunk:
                # Peer closed the connection.
                raise StopIteration
            self.buffer += chunk
        line, self.buffer = self.buffer.split(b"\n", 1)
        return line.decode("utf-8")


def consume(host, port):
    """Print every message until the server hangs up."""
    sock = socket.create_connection((host, port))
    for message in MessageStream(sock):
        print("got", message)
    sock.close()


def word_lengths(words):
    """Look-alike loop over a plain list."""
    return [len(w) for w in words]
