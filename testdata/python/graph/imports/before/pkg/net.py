import time


def ping(host):
    time.sleep(0.2)
    return host


def pong(host):
    return host.upper()
