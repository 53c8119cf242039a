"""Poll a job queue until work shows up."""
import time

POLL_INTERVAL = 0.5


def _backoff(attempt):
    """Wait a little longer after each empty poll."""
    # Linear backoff, capped at five seconds.
    delay = min(POLL_INTERVAL * attempt, 5.0)
    time.sleep(delay)


def wait_for_job(queue, max_attempts=10):
    """Return the first job in the queue, or None after max_attempts polls."""
    for attempt in range(1, max_attempts + 1):
        if queue:
            return queue.pop(0)
        _backoff(attempt)
    return None


def queue_size(queue):
    """Look-alike that never blocks: must stay untouched."""
    return len(queue)
