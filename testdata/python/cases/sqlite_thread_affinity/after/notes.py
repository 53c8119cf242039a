"""Notes stored in a SQLite database."""
import asyncio
import functools
from _awaitify_runtime import run_sync
import sqlite3

DB_PATH = "notes.db"


async def async_add_note(text, path=DB_PATH):
    """Insert a note and return all notes afterwards."""
    conn = await asyncio.to_thread(functools.partial(sqlite3.connect, check_same_thread=False), path)
    await asyncio.to_thread(conn.execute, "CREATE TABLE IF NOT EXISTS notes (body TEXT)")
    await asyncio.to_thread(conn.execute, "INSERT INTO notes (body) VALUES (?)", (text,))
    # Read back before committing; same connection, same thread.
    rows = await asyncio.to_thread((await asyncio.to_thread(conn.execute, "SELECT body FROM notes")).fetchall)
    await asyncio.to_thread(conn.commit)
    await asyncio.to_thread(conn.close)
    return [row[0] for row in rows]


def add_note(text, path=DB_PATH):
    """Sync shim kept by awaitify: runs `async_add_note` to completion."""
    return run_sync(async_add_note(text, path))


def format_note(text):
    """Look-alike: pure formatting."""
    return f"- {text}"
