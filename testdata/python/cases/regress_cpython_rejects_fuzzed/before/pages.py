import time


def page(name):
    time.sleep(0.01)
    return name.title()
