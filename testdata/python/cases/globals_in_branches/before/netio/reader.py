from netio import waiting


def read_when_ready(sock, timeout=1.0):
    if waiting.wait(sock.fileno(), timeout):
        return sock.recv(4096)
    return b""


def read_fast(sock):
    if waiting.wait2(sock.fileno(), 0.5):
        return sock.recv(4096)
    return b""


def peek(sock):
    """Look-alike: calls the non-blocking global."""
    return waiting.check(sock.fileno(), 0)
