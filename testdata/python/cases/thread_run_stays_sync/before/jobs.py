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

    def submit(self, n):
        time.sleep(0.01)  # rate limit on the caller's side
        self.requests.put(n)
