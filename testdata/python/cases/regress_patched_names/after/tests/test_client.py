from unittest import mock

from app import client


def test_get_with_mocked_connection():
    c = client.Client()
    c._connect = mock.Mock()
    assert c.get("k") == "k"


def test_fetch_patched():
    with mock.patch("app.client.fetch", return_value="fake"):
        assert client.run()[0] == "fake"


def test_ping_patched():
    with mock.patch.object(client.Client, "ping", return_value="fake"):
        assert client.run()[1] == "fake"
