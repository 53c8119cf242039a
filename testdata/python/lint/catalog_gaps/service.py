"""Blocking calls the catalog gained: TLS contexts, paths, directory walks, temporary
files, archives, on-disk databases and file logging, each inside an `async def`."""
import dbm
import logging
import logging.handlers
import os
import pathlib
import shelve
import ssl
import tarfile
import tempfile
import time
import zipfile

import certifi


async def tls_context(cafile):
    ctx = ssl.create_default_context(cafile=cafile)
    ctx.load_verify_locations(capath="/etc/ssl/certs")
    ctx.load_cert_chain("client.pem")
    return ctx, certifi.contents()


async def paths(base: pathlib.Path):
    target = base / "data" / "x.txt"
    target.parent.mkdir(parents=True, exist_ok=True)  # `.parent` is not typed: not reported
    target.write_text("x")
    (base / "link").symlink_to(target)
    return (base / "sock").is_socket(), target.owner()


async def walk(root):
    with os.scandir(root) as entries:
        names = [e.name for e in entries]
    for dirpath, _, files in os.walk(root):
        names.extend(files)
    return names


async def temporary():
    fd, path = tempfile.mkstemp()
    directory = tempfile.mkdtemp()
    with tempfile.NamedTemporaryFile() as f:
        f.write(b"x")
    with tempfile.TemporaryDirectory() as scratch:
        return fd, path, directory, scratch


async def archives(path):
    with zipfile.ZipFile(path) as z:
        z.extractall("out")
    with tarfile.open(path) as t:
        t.extractall("out")
    with shelve.open("cache") as db:
        db["k"] = 1
    return dbm.open("index", "c")


async def file_logging():
    logger = logging.getLogger("svc")
    logger.addHandler(logging.FileHandler("svc.log"))
    logger.addHandler(logging.handlers.RotatingFileHandler("svc.log", maxBytes=1000))
    logger.info("pure: the handler writes, but which handler is not known statically")


async def legacy_noqa(path):
    time.sleep(0.1)  # noqa: ASYNC101
    open(path).close()  # noqa: ASYNC101


async def pure(path):
    # Neither touches the disk: not reported.
    return pathlib.PurePosixPath(path).name, os.path.join(path, "x")
