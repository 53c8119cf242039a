import ssl
import time

import requests


class Client:
    def __init__(self, base):
        self.base = base

    def options(self, path):
        return requests.options(self.base + path, timeout=5)

    def run(self, job):
        time.sleep(0.1)
        return job

    def fetch(self, path):
        return requests.get(self.base + path, timeout=5).text


def harden(ctx: ssl.SSLContext):
    ctx.options = ctx.options | ssl.OP_NO_TLSv1


def configure(settings):
    settings.options = {"verbose": True}
    return settings


def probe(client: Client):
    return client.options("/health")
