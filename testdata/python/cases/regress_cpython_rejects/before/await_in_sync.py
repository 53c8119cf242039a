import time


def poll():
    time.sleep(1)
    await notify()
