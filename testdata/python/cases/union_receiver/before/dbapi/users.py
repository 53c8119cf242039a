from typing import Any, Optional, Union

from dbapi.conn import Conn, Cursor, Pool


def open_union(target: Union[Conn[Any], Pool]) -> None:
    target.connect()


def open_pipe(target: Conn[Any] | Pool) -> None:
    target.connect()


def open_maybe(target: "Conn[Any] | None") -> None:
    if target is not None:
        target.connect()


def open_optional(target: Optional[Pool]) -> None:
    if target:
        target.connect()


def open_generic(conn: Conn[Any]) -> None:
    conn.connect()


def run_query(cur: Cursor) -> None:
    cur.execute("select 1")


def label(target: Union[Conn[Any], Pool]) -> str:
    """Look-alike: same union, only a pure method."""
    return target.describe()
