import time


def pause():
    # Written in a latin-1 editor long ago: café (an invalid UTF-8 byte, in a comment,
    # which CPython accepts)
    time.sleep(0.001)
    return "paused"
