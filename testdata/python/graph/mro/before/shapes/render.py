import time


class A:
    def m(self):
        return "A"

    def name(self):
        return type(self).__name__


class B(A):
    def m(self):
        time.sleep(0.1)
        return "B"


class C(A):
    def m(self):
        return "C"


class D(B, C):
    pass


class E:
    def m(self):
        return "E"


def use_d():
    return D().m()


def use_c():
    return C().m()


def use_base(x: A):
    return x.m()


def use_e():
    return E().m() + D().name()
