from store import Store, first_line


class Fake(Store):
    def read(self):
        return "fake\nrest"


def test_fake():
    assert first_line(Fake("unused")) == "fake"


def test_local():
    class Local(Store):
        def read(self):
            return "local\nrest"
    assert first_line(Local("unused")) == "local"
