"""Notes stored in a SQLite database."""
import sqlite3

DB_PATH = "notes.db"


def add_note(text, path=DB_PATH):
    """Insert a note and return all notes afterwards."""
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE IF NOT EXISTS notes (body TEXT)")
    conn.execute("INSERT INTO notes (body) VALUES (?)", (text,))
    # Read back before committing; same connection, same thread.
    rows = conn.execute("SELECT body FROM notes").fetchall()
    conn.commit()
    conn.close()
    return [row[0] for row in rows]


def format_note(text):
    """Look-alike: pure formatting."""
    return f"- {text}"
