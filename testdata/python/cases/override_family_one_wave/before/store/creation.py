"""A base class whose public method calls a private hook that one backend overrides with
a blocking implementation (the shape of Django's database `creation` backends)."""
import time

LOG = []


class Creation:
    def destroy(self, name):
        self._destroy(name)
        LOG.append(f"destroyed {name}")
        return name

    def _destroy(self, name):
        LOG.append(f"nothing to remove for {name}")


class FileCreation(Creation):
    def _destroy(self, name):
        time.sleep(0.001)  # stands for os.remove on the database file
        LOG.append(f"removed {name}.db")


class MemoryCreation(Creation):
    pass
