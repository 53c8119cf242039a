"""A protocol whose method stub sits on the line that closes a multi-line signature
(`) -> int: ...`), implemented by a class that blocks (psycopg's `WaitFunc.__call__`)."""
import time
from typing import Protocol


class Step(Protocol):
    def __call__(
        self, job: str, attempt: int = 0
    ) -> int: ...

    def describe(
        self,
    ) -> str: ...


class SleepyStep(Step):
    def __call__(self, job: str, attempt: int = 0) -> int:
        time.sleep(0.001)
        return len(job) + attempt

    def describe(self) -> str:
        time.sleep(0.001)
        return "sleepy"


def run(step: Step, job: str) -> str:
    return f"{step.describe()}:{step(job, attempt=1)}"
