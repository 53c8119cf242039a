"""A protocol whose method stub sits on the line that closes a multi-line signature
(`) -> int: ...`), implemented by a class that blocks (psycopg's `WaitFunc.__call__`)."""
import asyncio
from jobs._awaitify_runtime import run_sync
import time
from typing import Protocol


class Step(Protocol):
    async def async_call(
        self, job: str, attempt: int = 0
    ) -> int: ...

    def __call__(
        self, job: str, attempt: int = 0
    ) -> int:
        """Sync shim kept by awaitify: runs `async_call` to completion."""
        return run_sync(self.async_call(job, attempt))

    async def async_describe(
        self,
    ) -> str: ...

    def describe(
        self,
    ) -> str:
        """Sync shim kept by awaitify: runs `async_describe` to completion."""
        return run_sync(Step.async_describe(self))


class SleepyStep(Step):
    async def async_call(self, job: str, attempt: int = 0) -> int:
        await asyncio.sleep(0.001)
        return len(job) + attempt

    def __call__(self, job: str, attempt: int = 0) -> int:
        """Sync shim kept by awaitify: runs `async_call` to completion."""
        return run_sync(self.async_call(job, attempt))

    async def async_describe(self) -> str:
        await asyncio.sleep(0.001)
        return "sleepy"

    def describe(self) -> str:
        """Sync shim kept by awaitify: runs `async_describe` to completion."""
        return run_sync(SleepyStep.async_describe(self))


async def async_run(step: Step, job: str) -> str:
    return f"{await step.async_describe()}:{await step.async_call(job, attempt=1)}"


def run(step: Step, job: str) -> str:
    """Sync shim kept by awaitify: runs `async_run` to completion."""
    return run_sync(async_run(step, job))
