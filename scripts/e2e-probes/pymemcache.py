"""Downstream probe for pymemcache after `awaitify migrate --write`: the package used as a
dependent would use it, against a small memcached-protocol server on 127.0.0.1 (set, get,
gets, delete). Copied into the migrated tree by scripts/e2e-real and run from there."""
from probe_checks import check, run
import asyncio
import socketserver
import threading

from pymemcache.client.base import Client

STORE = {}


class Memcached(socketserver.StreamRequestHandler):
    def handle(self):
        while line := self.rfile.readline():
            parts = line.split()
            if not parts:
                continue
            cmd, args = parts[0], parts[1:]
            noreply = args[-1:] == [b"noreply"]
            if cmd == b"set":
                key, flags, _, size = args[:4]
                data = self.rfile.read(int(size) + 2)[:-2]
                STORE[key] = (flags, data)
                if not noreply:
                    self.wfile.write(b"STORED\r\n")
            elif cmd in (b"get", b"gets"):
                for key in args:
                    if key in STORE:
                        flags, data = STORE[key]
                        cas = b" 1" if cmd == b"gets" else b""
                        self.wfile.write(b"VALUE %s %s %d%s\r\n%s\r\n" % (key, flags, len(data), cas, data))
                self.wfile.write(b"END\r\n")
            elif cmd == b"delete":
                found = STORE.pop(args[0], None) is not None
                if not noreply:
                    self.wfile.write(b"DELETED\r\n" if found else b"NOT_FOUND\r\n")
            else:
                self.wfile.write(b"ERROR\r\n")


server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Memcached)
server.daemon_threads = True
threading.Thread(target=server.serve_forever, daemon=True).start()
ADDR = server.server_address


@check("async API from asyncio.run")
def _():
    async def main():
        c = Client(ADDR)
        assert await c.async_set("a", b"1", noreply=False)
        assert await c.async_get("a") == b"1"
        assert await c.async_get_many(["a", "missing"]) == {"a": b"1"}
        assert await c.async_delete("a", noreply=False)
        assert await c.async_get("a") is None
        c.close()
    asyncio.run(main())


@check("async API from concurrent tasks")
def _():
    async def one(i):
        c = Client(ADDR)
        await c.async_set(f"k{i}", str(i).encode(), noreply=False)
        got = await c.async_get(f"k{i}")
        c.close()
        return got
    async def main():
        return await asyncio.gather(*(one(i) for i in range(8)))
    assert asyncio.run(main()) == [str(i).encode() for i in range(8)]


@check("sync API from plain code")
def _():
    c = Client(ADDR)
    assert c.set("b", b"2", noreply=False)
    assert c.get("b") == b"2"
    assert c.gets("b")[0] == b"2"
    assert c.delete("b", noreply=False)
    assert c.get("b") is None
    c.close()


@check("sync API from inside a running event loop")
def _():
    async def main():
        c = Client(ADDR)
        assert c.set("c", b"3", noreply=False)
        assert c.get("c") == b"3"
        c.close()
    asyncio.run(main())


run()
