import asyncio
from _awaitify_runtime import run_sync
import queue
import threading
import time


class Worker(threading.Thread):
    """Runs submitted jobs on its own daemon thread."""

    def __init__(self):
        super().__init__(daemon=True)
        self.requests = queue.Queue()
        self.results = queue.Queue()

    def run(self):
        while True:
            n = self.requests.get()
            time.sleep(0.01)
            self.results.put(n * n)

    async def async_submit(self, n):
        await asyncio.sleep(0.01)  # rate limit on the caller's side
        await asyncio.to_thread(self.requests.put, n)

    def submit(self, n):
        """Sync shim kept by awaitify: runs `async_submit` to completion."""
        return run_sync(Worker.async_submit(self, n))
