"""Suppression comments: ours, flake8-async's codes, bare noqa, and unused ones."""
import asyncio
import time


async def handler():
    time.sleep(1)  # awaitify: ignore[AWT101]
    time.sleep(2)  # noqa: ASYNC251
    time.sleep(3)  # noqa: AWT101
    time.sleep(4)  # noqa
    time.sleep(5)  # noqa: E501
    await asyncio.sleep(1)  # awaitify: ignore[AWT101]
    await asyncio.sleep(2)  # noqa: ASYNC251, E501
