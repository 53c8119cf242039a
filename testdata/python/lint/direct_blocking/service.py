"""AWT101-AWT107: blocking calls written directly in async functions, and look-alikes."""
import asyncio
import os.path
import queue
import subprocess
import time
from os.path import exists
from urllib.request import urlopen

import requests


class Registry:
    def get(self, key):
        return key


def sleep(seconds):
    """A local function named sleep: not time.sleep."""
    return seconds


async def handler(path, registry: Registry):
    time.sleep(1)                                # AWT101
    requests.get("http://127.0.0.1/")            # AWT102
    urlopen("http://127.0.0.1/")                 # AWT102 through a from-import
    subprocess.run(["true"], check=True)         # AWT103
    with open(path) as fh:                       # AWT104
        fh.read()                                # AWT104 (file object method)
    exists(path)                                 # AWT104 (os.path)
    os.path.getsize(path)                        # AWT104
    answer = input("ok? ")                       # AWT107
    jobs = queue.Queue()
    jobs.get()                                   # AWT108
    # Look-alikes that must not be reported:
    await asyncio.sleep(1)
    sleep(1)
    registry.get("key")
    {}.get("key")

    def work():
        time.sleep(1)                            # in a sync def passed to to_thread: fine

    await asyncio.to_thread(work)
    await asyncio.to_thread(time.sleep, 1)
    return answer


def sync_caller():
    time.sleep(1)                                # sync code may block: fine
