import typing
from typing import Union

from otherlib import audited
from somelib import cached_call


@cached_call
def load_blob(path):
    with open(path, "rb") as fh:
        return fh.read()


@audited
def load_manifest(path):
    """Look-alike: blocks too, but its decorator is unknown, so it stays sync."""
    with open(path) as fh:
        return fh.read()


@typing.overload
def read_part(path: str) -> bytes: ...
@typing.overload
def read_part(path: str, size: int) -> bytes: ...
def read_part(path: str, size: Union[int, None] = None) -> bytes:
    with open(path, "rb") as fh:
        return fh.read() if size is None else fh.read(size)


def snapshot(paths):
    return [load_blob(p) for p in paths] + [read_part(p, 16) for p in paths]
