"""A store whose writes go through a retry helper that takes the work as a function."""
import time


class Store:
    def __init__(self):
        self.rows = []

    def _with_retries(self, func, attempts=3):
        for _ in range(attempts):
            try:
                return func()
            except OSError:
                continue
        raise OSError("gave up")

    def insert(self, row):
        def _do_insert():
            time.sleep(0.01)
            self.rows.append(row)
            return len(self.rows)

        return self._with_retries(_do_insert)

    def _flush(self):
        time.sleep(0.01)
        return len(self.rows)

    def flush(self):
        return self._with_retries(self._flush)


def apply(fn, value):
    return fn(value)


def double(x):
    return x * 2


def compute(x):
    # Look-alike: a pure function passed as a value; nothing here blocks.
    return apply(double, x)
