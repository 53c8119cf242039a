import time


def nap():
    time.sleep(1)
    return 1
