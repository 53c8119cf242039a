from unittest import mock

import pytest

from svc.client import Client


@pytest.fixture
def api_client():
    return Client("http://y")


def test_run_patched():
    client_instance = Client("http://x")
    with mock.patch.object(client_instance, "run", return_value="done"):
        assert client_instance.run("job") == "done"


def test_fetch_patched(monkeypatch, api_client):
    obj = api_client
    monkeypatch.setattr(obj, "fetch", lambda path: "body")
    assert obj.fetch("/") == "body"
