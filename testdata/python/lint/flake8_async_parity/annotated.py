"""Blocking calls on values typed by annotations, defaults and module globals."""
import io
import os
from io import BufferedReader, TextIOWrapper
from typing import Optional, Union

import httpx
import urllib3

GLOBAL_CLIENT: httpx.Client = httpx.Client()
GLOBAL_LOG: TextIOWrapper = open("log.txt", "a")


async def file_param(f: TextIOWrapper):
    f.read()
    f.write("x")
    f.readline()
    f.seek(0)
    f.flush()
    f.close()


async def file_optional(f: Optional[io.BufferedReader] = None):
    if f is not None:
        f.read()


async def file_union(f: TextIOWrapper | None):
    if f:
        f.readlines()


async def file_union_typing(f: Union[BufferedReader, None]):
    if f:
        f.read1()


async def file_buffered_writer(f: io.BufferedWriter):
    f.write(b"x")


async def file_module_global():
    GLOBAL_LOG.write("x")


async def httpx_param(client: httpx.Client):
    client.get("https://example.com")
    client.post("https://example.com")
    client.request("GET", "https://example.com")
    client.send(client.build_request("GET", "https://example.com"))


async def httpx_optional(client: Optional[httpx.Client] = None):
    if client:
        client.get("https://example.com")


async def httpx_default(client: httpx.Client = GLOBAL_CLIENT):
    client.get("https://example.com")


async def httpx_global():
    GLOBAL_CLIENT.get("https://example.com")


async def httpx_local():
    client = httpx.Client()
    client.get("https://example.com")


async def urllib3_pool(pool: urllib3.PoolManager):
    pool.request("GET", "https://example.com")


async def urllib3_direct():
    urllib3.request("GET", "https://example.com")


async def fdopen():
    os.fdopen(0)


async def async_client_ok(client: httpx.AsyncClient):
    await client.get("https://example.com")


async def file_ok(f: TextIOWrapper):
    print(f.name)
    print(f.closed)
