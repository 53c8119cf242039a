import functools
import time


def with_retries(func):
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        for attempt in range(3):
            try:
                return func(*args, **kwargs)
            except ConnectionError:
                if attempt == 2:
                    raise
                time.sleep(0.5 * (attempt + 1))
    return wrapper
