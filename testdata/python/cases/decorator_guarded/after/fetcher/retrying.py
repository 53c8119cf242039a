import asyncio
import inspect
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
                time.sleep(0.01 * (attempt + 1))

    @functools.wraps(func)
    async def async_wrapper(*args, **kwargs):
        for attempt in range(3):
            try:
                return await func(*args, **kwargs)
            except ConnectionError:
                if attempt == 2:
                    raise
                await asyncio.sleep(0.01 * (attempt + 1))

    if inspect.iscoroutinefunction(func):
        return async_wrapper
    return wrapper


def retry(times, delay=0.01):
    """A decorator factory: `@retry(5)`."""

    def decorate(func):
        @functools.wraps(func)
        def attempt(*args, **kwargs):
            for n in range(times):
                try:
                    result = func(*args, **kwargs)
                    return result
                except ConnectionError:
                    if n == times - 1:
                        raise
                    time.sleep(delay)

        @functools.wraps(func)
        async def async_attempt(*args, **kwargs):
            for n in range(times):
                try:
                    result = await func(*args, **kwargs)
                    return result
                except ConnectionError:
                    if n == times - 1:
                        raise
                    await asyncio.sleep(delay)

        if inspect.iscoroutinefunction(func):
            return async_attempt

        return attempt

    return decorate
