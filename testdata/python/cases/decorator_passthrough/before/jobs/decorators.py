import functools
import inspect

REGISTRY = []


def retry(func):
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)
    return wrapper


def traced(name):
    def decorate(func):
        @functools.wraps(func)
        def inner(*args, **kwargs):
            print("enter", name)
            return func(*args, **kwargs)
        return inner
    return decorate


def register(func):
    REGISTRY.append(func)
    return func


def timed(func):
    if inspect.iscoroutinefunction(func):
        @functools.wraps(func)
        async def async_wrapper(*args, **kwargs):
            return await func(*args, **kwargs)
        return async_wrapper

    @functools.wraps(func)
    def sync_wrapper(*args, **kwargs):
        return func(*args, **kwargs)
    return sync_wrapper


def as_text(func):
    """Look-alike: the wrapper turns the result into a string."""
    def wrapper(*args):
        return str(func(*args))
    return wrapper


class Counted:
    """A class-based decorator: instances call the function they wrap."""

    def __init__(self, func):
        self.func = func
        self.calls = 0
        functools.update_wrapper(self, func)

    def __call__(self, *args, **kwargs):
        self.calls += 1
        return self.func(*args, **kwargs)
