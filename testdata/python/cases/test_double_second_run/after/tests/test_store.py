from _awaitify_runtime import run_sync
from store import Store, first_line


class Fake(Store):
    async def async_read(self):
        return "fake\nrest"

    def read(self):
        """Sync shim kept by awaitify: runs `async_read` to completion."""
        return run_sync(Fake.async_read(self))


def test_fake():
    assert first_line(Fake("unused")) == "fake"


def test_local():
    class Local(Store):
        async def async_read(self):
            return "local\nrest"

        def read(self):
            """Sync shim kept by awaitify: runs `async_read` to completion."""
            return run_sync(__class__.async_read(self))
    assert first_line(Local("unused")) == "local"
