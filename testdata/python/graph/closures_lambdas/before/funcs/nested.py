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


def with_retry(do):
    return do()


def store(data):
    time.sleep(0.01)
    return data


def store_retried(data):
    return with_retry(lambda: store(data))
