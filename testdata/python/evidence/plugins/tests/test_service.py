from store.service import Service


def test_put_then_get():
    s = Service()
    assert s.put("a", 1) is None
    assert s.get("a") == 1
    assert s.put("a", 2) == 1


def test_default():
    assert Service().get("missing", default=7) == 7
