"""Run against testdata/python/cases/decorator_guarded migrated with --write: the guarded
decorators now serve coroutine functions with an async copy of their wrapper (the call
awaited, the retry delay an asyncio.sleep) and sync functions with the wrapper as it was."""
import asyncio
import inspect

from fetcher.retrying import retry, with_retries


def flaky(failures, calls):
    def body():
        calls.append(1)
        if len(calls) <= failures:
            raise ConnectionError("down")
        return "ok"

    return body


def test_a_coroutine_function_is_retried_and_awaited():
    calls = []
    body = flaky(2, calls)

    @with_retries
    async def fetch():
        await asyncio.sleep(0)
        return body()

    assert inspect.iscoroutinefunction(fetch)
    assert asyncio.run(fetch()) == "ok"
    assert len(calls) == 3


def test_the_retries_do_not_block_the_event_loop():
    calls, ticks = [], []
    body = flaky(2, calls)

    @with_retries
    async def fetch():
        return body()

    async def ticker():
        while True:
            ticks.append(1)
            await asyncio.sleep(0.001)

    async def main():
        t = asyncio.ensure_future(ticker())
        result = await fetch()
        t.cancel()
        return result

    assert asyncio.run(main()) == "ok"
    # The ticker ran while the wrapper waited between attempts (0.01 s, then 0.02 s).
    assert len(ticks) >= 5


def test_errors_raised_while_awaiting_reach_the_wrapper():
    calls = []
    body = flaky(10, calls)

    @retry(4, delay=0)
    async def fetch():
        return body()

    try:
        asyncio.run(fetch())
    except ConnectionError:
        pass
    else:
        raise AssertionError("the last ConnectionError propagates")
    assert len(calls) == 4


def test_sync_functions_keep_the_sync_wrapper():
    calls = []
    body = flaky(1, calls)

    @retry(3, delay=0)
    def fetch():
        return body()

    assert not inspect.iscoroutinefunction(fetch)
    assert fetch() == "ok"
    assert len(calls) == 2
