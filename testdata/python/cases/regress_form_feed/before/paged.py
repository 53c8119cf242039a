"""A module whose author separated pages with form feeds."""
import time


def poll():
    time.sleep(0.1)
    return True


def main():
    return poll()
