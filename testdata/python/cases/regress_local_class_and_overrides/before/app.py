import time

import framework


def make():
    class Local:
        def meth(self):
            time.sleep(0.01)
            return "local"

    return Local()


class Base:
    def run(self):
        time.sleep(0.01)
        return "base"


class Decorated(Base):
    @framework.traced
    def run(self):
        return "decorated"


def use(b: Base):
    return b.run()
