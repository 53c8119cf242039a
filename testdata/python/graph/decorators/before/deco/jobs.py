import time

from deco.wrappers import jsonify, passthrough, tagged


@passthrough
def slow_a():
    time.sleep(1)


@tagged("b")
def slow_b():
    time.sleep(1)


@jsonify
def slow_c():
    time.sleep(1)
    return 1


def main():
    slow_a()
    slow_b()
    return slow_c()
