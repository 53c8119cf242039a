import os


def size(path):
    return os.path.getsize(path)


def first_big(paths):
    return next(size(p) for p in paths if p)


def total(groups):
    return sum(sum(size(p) for p in g) for g in groups)
