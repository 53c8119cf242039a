"""Background job helpers."""
import time


def legacy():  # awaitify: keep-sync
    """Old cron-driven pause; must remain synchronous."""
    time.sleep(2)
    return "done"


def nightly_cleanup():
    """Only reaches blocking work through legacy()."""
    result = legacy()
    return f"cleanup {result}"


def cron_entry():
    """Calls the kept-sync chain one level up."""
    return nightly_cleanup()


def modern_wait(seconds):
    """Not marked: this one must migrate."""
    time.sleep(seconds)


def mixed():
    """Calls both: migrates because of modern_wait, legacy() stays a sync call."""
    legacy()
    modern_wait(1)
