"""Two blocking paths: a cheap one (a quick rates lookup) and an expensive one (building
an archive). Static analysis sees both; only a trace knows which one costs."""

import time


def fetch_rates():
    time.sleep(0.002)  # a fast cache round trip
    return {"EUR": 1.1}


def daily_rates():
    return fetch_rates()


def build_archive(name):
    time.sleep(0.08)  # compressing a day of logs
    return name + ".zip"


def nightly_backup():
    return build_archive("logs")
