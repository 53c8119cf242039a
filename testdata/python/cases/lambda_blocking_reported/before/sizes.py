import os
import time


def biggest(paths):
    time.sleep(0.01)  # a rate limit
    return sorted(paths, key=lambda p: os.path.getsize(p))


def total(paths):
    time.sleep(0.01)
    return sum(os.path.getsize(p) for p in paths)
