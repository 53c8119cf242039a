"""Async tests for the MIGRATED weather package.

Copy this file into the migrated copy's ``tests/`` directory (next to
conftest.py). It relies on the default naming: every function that became a
coroutine is available as ``async_<name>``, while ``<name>`` stays a sync shim.
No pytest-asyncio: each test drives its own event loop with ``asyncio.run``.
"""

import asyncio
import time

from weather import WeatherService


def test_async_slow_reports_run_concurrently(base_url, cache_dir):
    service = WeatherService(base_url, cache_dir)

    async def main():
        start = time.monotonic()
        results = await asyncio.gather(
            *(service.async_slow_report(f"city{i}", 0.2) for i in range(10))
        )
        return results, time.monotonic() - start

    results, elapsed = asyncio.run(main())
    assert results == [f"city{i}: report ready" for i in range(10)]
    # Ten sequential 0.2 s pauses would take 2 s; concurrent ones take ~0.2 s.
    assert elapsed < 1.5, elapsed


def test_async_http_backed_methods(base_url, cache_dir):
    service = WeatherService(base_url, cache_dir)

    async def main():
        temp = await service.async_temperature("Oslo")
        current = await service.async_current("Oslo")  # now served from cache
        lines = await asyncio.gather(
            service.async_format_report("Berlin"),
            service.async_format_report("Cairo"),
        )
        return temp, current, lines

    temp, current, lines = asyncio.run(main())
    assert temp == 14
    assert current == {"city": "Oslo", "temp": 14}
    assert lines == ["Berlin: 16 C", "Cairo: 15 C"]
    assert service.fetch_count == 3
