"""Half-finished tool: this module does not parse."""
import time


def broken(:
    """Missing parameter list."""
    time.sleep(1)
    return None


def also_here():
    time.sleep(2)
