"""Line-based TCP connection to the cache daemon."""
import socket


class Conn:
    """Context manager owning one TCP connection."""

    def __init__(self, host, port=11211):
        self.host = host
        self.port = port
        self.sock = None

    def __enter__(self):
        self.sock = socket.create_connection((self.host, self.port), timeout=5)
        return self

    def __exit__(self, exc_type, exc, tb):
        # Always close, even when the body raised.
        self.sock.close()
        return False

    def command(self, line):
        """Send one command and return the first reply chunk."""
        self.sock.sendall(line.encode("ascii") + b"\r\n")
        return self.sock.recv(4096).decode("ascii")


def get_stats(host):
    """Ask the daemon for its stats."""
    with Conn(host) as c:
        return c.command("stats")


def address(host):
    """Look-alike: builds a Conn but never enters it."""
    conn = Conn(host)
    return f"{conn.host}:{conn.port}"
