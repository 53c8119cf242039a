"""Retry an operation: `do` is called until it works, `fail` after each failure."""
import time


class Retry:
    def __init__(self, attempts: int = 3, pause: float = 0.001) -> None:
        self.attempts = attempts
        self.pause = pause

    def call(self, do, fail):
        for attempt in range(self.attempts):
            try:
                return do()
            except ConnectionError as error:
                fail(error)
                if attempt + 1 == self.attempts:
                    raise
                time.sleep(self.pause)
