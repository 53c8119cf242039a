"""Small web app touching a blocking lookup from awkward places."""
import functools
import threading

import requests

from framework import app  # third-party, not in this tree


def fetch(url):
    """Blocking HTTP GET returning the body text."""
    return requests.get(url, timeout=5).text


def lookup(key):
    """Blocking lookup used as a sort key."""
    return fetch(f"https://kv.example.com/{key}")


class Page:
    def __init__(self, url):
        # Constructors cannot be coroutines.
        self.body = fetch(url)

    @property
    def title(self):
        return fetch(self.body.split()[0])

    def __str__(self):
        return fetch("https://example.com/banner") + self.body


def with_default(body=fetch("https://example.com/default")):
    return body.upper()


@functools.lru_cache(maxsize=32)
def cached_fetch(url):
    return fetch(url)


@app.route("/")
def index():
    return fetch("https://example.com/index")


def worker():
    fetch("https://example.com/ping")


def run_all(urls, keys):
    getter = lambda u: fetch(u)  # noqa: E731
    thread = threading.Thread(target=worker)
    thread.start()
    bodies = list(map(fetch, urls))
    ordered = sorted(keys, key=lookup)
    thread.join()
    return getter(urls[0]), bodies, ordered
