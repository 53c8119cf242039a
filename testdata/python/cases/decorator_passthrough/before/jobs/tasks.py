import time

from jobs.decorators import Counted, as_text, register, retry, timed, traced


@retry
def poll_queue(delay):
    time.sleep(delay)
    return "polled"


@traced("flush")
def flush_buffers():
    time.sleep(0.1)


@register
def heartbeat():
    time.sleep(1)
    return True


@timed
def backoff(attempt):
    time.sleep(2 ** attempt)


@as_text
def slow_count(n):
    time.sleep(n)
    return n


@Counted
def sync_clock():
    time.sleep(0.01)


def run_all():
    sync_clock()
    poll_queue(0.5)
    flush_buffers()
    heartbeat()
    backoff(1)
    return slow_count(3)
