import time


def outer(items):
    def pause(n):
        time.sleep(n)

    for i in items:
        pause(i)
    return len(items)


def sort_names(names):
    return sorted(names, key=lambda name: name.lower())


def make_counter():
    count = 0

    def bump():
        nonlocal count
        count += 1
        return count

    return bump


def delayed():
    wait = lambda: time.sleep(0.5)
    wait()
