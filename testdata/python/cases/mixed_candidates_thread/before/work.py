import time

from tmp import NamedTemporaryFile, SpoolFile


def slow_step():
    time.sleep(0.01)


def build(lines):
    slow_step()
    with NamedTemporaryFile(mode="w+") as f:
        f.write("\n".join(lines))
        f.flush()
        f.seek(0)
        return f.read()


def spooled(text):
    slow_step()
    with SpoolFile(mode="w+") as f:
        return type(f).__name__ != ""
