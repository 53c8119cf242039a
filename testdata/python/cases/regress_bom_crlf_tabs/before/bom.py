import time


def nap():
    time.sleep(1)
