import socket


class Conn:
    def __init__(self, host: str):
        self.host = host

    def send(self, data: bytes):
        with socket.create_connection((self.host, 80)) as sock:
            sock.sendall(data)

    def close(self):
        self.host = ""


class Hub:
    def __init__(self):
        self._primary = Conn("a")

    @property
    def primary(self) -> Conn:
        return self._primary

    def ping(self):
        self.primary.send(b"ping")

    def shutdown(self):
        self.primary.close()


def broadcast(conns: list[Conn], data: bytes):
    for c in conns:
        c.send(data)


def close_all(conns: list[Conn]):
    for c in conns:
        c.close()


def make_pair(host: str):
    return Conn(host), Hub()


def send_first(host: str):
    conn, hub = make_pair(host)
    conn.send(b"first")
    hub.shutdown()


def ping_each(hosts):
    conns = [Conn(h) for h in hosts]
    for number, conn in enumerate(conns):
        conn.send(b"%d" % number)


def close_later(conn: Conn):
    return lambda: conn.close()
