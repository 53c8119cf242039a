import functools


def passthrough(func):
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)
    return wrapper


def tagged(label):
    def deco(func):
        @functools.wraps(func)
        def inner(*args, **kwargs):
            return func(*args, **kwargs)
        inner.label = label
        return inner
    return deco


def jsonify(func):
    def wrapper(*args):
        return {"result": func(*args)}
    return wrapper
