"""Remove stale temp files (valid module)."""
import os
import time

MAX_AGE = 24 * 3600


def remove_stale(directory):
    """Delete files older than MAX_AGE, pausing between deletes."""
    removed = 0
    for name in os.listdir(directory):
        path = os.path.join(directory, name)
        if time.time() - os.path.getmtime(path) > MAX_AGE:
            os.remove(path)
            removed += 1
            # Be gentle with the network filesystem.
            time.sleep(0.05)
    return removed
